package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.consilium.shared.Sha256;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} wrong passwords for one email within
 * {@link #WINDOW}, sign-in for that email is refused for {@link #LOCK}, whether or not the email has an account, so
 * the limit reveals nothing. Kept in PostgreSQL, so every app instance applies the same count.
 */
@Repository
public class SignInThrottle {

    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration LOCK = Duration.ofMinutes(15);

    private final JdbcClient jdbc;

    SignInThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Until when sign-in for this email is refused, if it is. */
    public Optional<Instant> lockedUntil(String normalisedEmail, Instant now) {
        return jdbc.sql("select locked_until from identity_sign_in_failures where subject = ? and locked_until > ?")
                .params(subject(normalisedEmail), Timestamp.from(now))
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** Counts a wrong password; the failure that reaches the limit starts the lock. */
    public void failed(String normalisedEmail, Instant now) {
        jdbc.sql("""
                insert into identity_sign_in_failures (subject, window_started_at, failures)
                values (:subject, :now, 1)
                on conflict (subject) do update set
                    window_started_at = case when identity_sign_in_failures.window_started_at < :windowStart
                                             then :now else identity_sign_in_failures.window_started_at end,
                    failures = case when identity_sign_in_failures.window_started_at < :windowStart
                                    then 1 else identity_sign_in_failures.failures + 1 end,
                    locked_until = case when identity_sign_in_failures.window_started_at >= :windowStart
                                             and identity_sign_in_failures.failures + 1 >= :max
                                        then :lockedUntil else identity_sign_in_failures.locked_until end
                """)
                .param("subject", subject(normalisedEmail))
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(now.minus(WINDOW)))
                .param("max", MAX_FAILURES)
                .param("lockedUntil", Timestamp.from(now.plus(LOCK)))
                .update();
    }

    public void succeeded(String normalisedEmail) {
        jdbc.sql("delete from identity_sign_in_failures where subject = ?").param(subject(normalisedEmail)).update();
    }

    private static String subject(String normalisedEmail) {
        return Sha256.hex(normalisedEmail);
    }
}
