package org.consilium.platform.internal;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /**
     * Every module reads time from this clock, in UTC, so tests can pin it. It ticks in microseconds, PostgreSQL's
     * precision, so a time read back from the database equals the one written.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
