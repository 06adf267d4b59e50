package org.consilium.platform.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.consilium.shared.Purge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the modules' {@link Purge}s, every hour, one app instance at a time. Each purge runs in a transaction that
 * first tries a PostgreSQL advisory lock named after it: an instance that does not get it skips that purge this
 * time, as another is running it. A purge is idempotent and deletes only what is due as of its run, so a run that
 * is skipped or dies is simply made up by the next one: nothing needs to be remembered between runs, which is why
 * this is a plain scheduled task rather than a persistent job queue.
 */
@Component
public class Purges {

    private static final Logger log = LoggerFactory.getLogger(Purges.class);

    private final Map<String, Purge> purges = new TreeMap<>();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Purges(List<Purge> purges, JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        for (Purge purge : purges) {
            if (this.purges.put(purge.name(), purge) != null) {
                throw new IllegalStateException("two purges are named " + purge.name());
            }
        }
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(purges.keySet());
    }

    /**
     * Runs one purge as of {@code now}, unless another instance is running it.
     *
     * @return how many things it deleted, or empty when another instance holds its lock
     */
    public OptionalInt run(String name, Instant now) {
        Purge purge = purges.get(name);
        if (purge == null) {
            throw new IllegalArgumentException("no purge named " + name);
        }
        return transactions.execute(status -> {
            boolean ours = Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtextextended(?, 0))")
                    .param("consilium purge " + name).query(Boolean.class).single());
            if (!ours) {
                return OptionalInt.empty();
            }
            int deleted = purge.run().applyAsInt(now);
            if (deleted > 0) {
                log.info("Purge {} deleted {}", name, deleted);
            }
            return OptionalInt.of(deleted);
        });
    }

    /** Runs every purge as of now; one that fails is logged and does not stop the others. */
    public void runAll() {
        Instant now = clock.instant();
        for (String name : purges.keySet()) {
            try {
                run(name, now);
            } catch (RuntimeException e) {
                log.warn("Purge {} failed; the next run will try again", name, e);
            }
        }
    }

    /** Rate-limit counters a day after their window started: every window in use is a minute or so. */
    @Bean
    static Purge rateLimitCountersPurge(DatabaseRateLimiter limiter) {
        return new Purge("platform-rate-limit-counters", now -> limiter.purge(now, Duration.ofDays(1)));
    }

    /** The schedule: off with {@code consilium.purges.enabled=false}, as in the tests, which run purges themselves. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "consilium.purges.enabled", havingValue = "true", matchIfMissing = true)
    static class Schedule {

        private final Purges purges;

        Schedule(Purges purges) {
            this.purges = purges;
        }

        @Scheduled(initialDelayString = "${consilium.purges.initial-delay:PT5M}",
                fixedDelayString = "${consilium.purges.every:PT1H}")
        void purge() {
            purges.runAll();
        }
    }
}
