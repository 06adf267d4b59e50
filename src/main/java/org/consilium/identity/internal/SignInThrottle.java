package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.consilium.shared.Sha256;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} attempts without success for one email within
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

    /**
     * Counts one sign-in attempt before its password is checked, atomically, so parallel guesses cannot slip past
     * the limit; answers until when sign-in is refused if this attempt is over it. A success clears the count.
     */
    public Optional<Instant> attempt(String normalisedEmail, Instant now) {
        return jdbc.sql("""
                insert into identity_sign_in_failures as f (subject, window_started_at, failures)
                values (:subject, :now, 1)
                on conflict (subject) do update set
                    window_started_at = case when f.window_started_at < :windowStart
                                                  and coalesce(f.locked_until, '-infinity') <= :now
                                             then :now else f.window_started_at end,
                    failures = case when f.window_started_at < :windowStart
                                         and coalesce(f.locked_until, '-infinity') <= :now
                                    then 1 else f.failures + 1 end,
                    locked_until = case when f.window_started_at < :windowStart
                                             and coalesce(f.locked_until, '-infinity') <= :now then null
                                        when f.locked_until > :now then f.locked_until
                                        when f.failures + 1 > :max then :lockedUntil
                                        else null end
                returning locked_until
                """)
                .param("subject", subject(normalisedEmail))
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(now.minus(WINDOW)))
                .param("max", MAX_FAILURES)
                .param("lockedUntil", Timestamp.from(now.plus(LOCK)))
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single()
                .filter(until -> until.isAfter(now));
    }

    public void succeeded(String normalisedEmail) {
        jdbc.sql("delete from identity_sign_in_failures where subject = ?").param(subject(normalisedEmail)).update();
    }

    private static String subject(String normalisedEmail) {
        return Sha256.hex(normalisedEmail);
    }
}
