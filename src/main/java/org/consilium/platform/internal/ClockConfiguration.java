package org.consilium.platform.internal;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** Every module reads time from this clock, in UTC, so tests can pin it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
