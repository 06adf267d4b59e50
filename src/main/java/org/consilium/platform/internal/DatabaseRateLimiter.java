package org.consilium.platform.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.consilium.platform.RateLimiter;
import org.consilium.shared.Sha256;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rate limits kept in PostgreSQL, so several stateless instances share one count. Subjects are stored hashed: a
 * client address is not kept in the clear.
 */
@Component
class DatabaseRateLimiter implements RateLimiter {

    private final JdbcClient jdbc;
    private final Clock clock;

    DatabaseRateLimiter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String bucket, String subject, int limit, Duration window) {
        Instant now = clock.instant();
        int hits = jdbc.sql("""
                insert into platform_rate_limits (bucket, subject, window_start, hits)
                values (:bucket, :subject, :now, 1)
                on conflict (bucket, subject) do update set
                    window_start = case when platform_rate_limits.window_start <= :expired
                                        then :now else platform_rate_limits.window_start end,
                    hits = case when platform_rate_limits.window_start <= :expired
                                then 1 else platform_rate_limits.hits + 1 end
                returning hits
                """)
                .param("bucket", bucket)
                .param("subject", hash(subject))
                .param("now", Timestamp.from(now))
                .param("expired", Timestamp.from(now.minus(window)))
                .query(Integer.class)
                .single();
        return hits <= limit;
    }

    /**
     * Deletes counters whose window started more than {@code keep} ago; every window in use is far shorter, and a
     * deleted counter starts afresh exactly as an expired one would.
     */
    int purge(Instant now, Duration keep) {
        return jdbc.sql("delete from platform_rate_limits where window_start < ?")
                .param(Timestamp.from(now.minus(keep))).update();
    }

    private static String hash(String subject) {
        return Sha256.hex(subject);
    }
}
