package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consilium.shared.Sha256;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows password guessing down without letting a stranger lock someone else out (OWASP's authentication and
 * credential-stuffing advice). Sign-in failures are counted three ways: per email from one client address, per email
 * from anywhere, and per client address over all emails. Past a number of free failures each count makes the next
 * attempt wait, twice as long after every further failure, up to {@link #MAX_DELAY}:
 * <ul>
 * <li>an email from one address: after {@value #FREE_FAILURES} failures, 5 s, 10 s, 20 s … — the guesser's own
 * address waits;</li>
 * <li>a client address over all emails: after {@value #FREE_ADDRESS_FAILURES} failures, the same delays for
 * everything it tries, so one address cannot go through many emails (higher, as an office or a mobile network puts
 * many people behind one address);</li>
 * <li>an email from anywhere: after {@value #FREE_FAILURES} failures the same delays, but an address that has not
 * been failing (fewer than {@value #FREE_FAILURES} failures of its own) waits at most {@link #FRESH_ADDRESS_WAIT}:
 * someone guessing from elsewhere only slows the owner down a little, never locks them out.</li>
 * </ul>
 * An attempt is counted as a failure before its password is checked, atomically, so parallel guesses cannot slip
 * past a count; a success takes its own count back and clears the email's counts (never the address's: signing in
 * to an account of one's own must not reset an address that is guessing at others). An attempt that has to wait is
 * refused unchecked and counts nothing. The answers do not depend on whether the email has an account. Counts live
 * in PostgreSQL, so every app instance applies the same ones, and subjects are stored hashed.
 */
@Repository
public class SignInThrottle {

    public static final int FREE_FAILURES = 5;
    public static final int FREE_ADDRESS_FAILURES = 50;
    public static final Duration FIRST_DELAY = Duration.ofSeconds(5);
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** The longest the email's own count makes an address wait that has not been failing. */
    public static final Duration FRESH_ADDRESS_WAIT = Duration.ofSeconds(5);
    /** A count is forgotten once its delay is over and this long has passed without a failure. */
    public static final Duration QUIET = Duration.ofMinutes(15);

    /** The three counts, in the order their rows are locked, the same for every attempt, so they never deadlock. */
    enum Kind {
        address, email, pair
    }

    /** One count: failures since the count last started, and when the latest was counted. */
    record Count(int failures, Instant lastFailureAt) {

        static final Count NONE = new Count(0, Instant.EPOCH);

        /** How long after the latest failure the next attempt must wait. */
        Duration delay(int free) {
            if (failures < free) {
                return Duration.ZERO;
            }
            int doublings = failures - free;
            if (doublings >= 16) {
                return MAX_DELAY;
            }
            Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
            return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        }

        /**
         * Until when the next attempt must wait; the epoch while the count is within its free failures. (Not the
         * latest failure's time: an attempt counted by a parallel request can carry a later time than this one's.)
         */
        Instant waitsUntil(int free, Duration cap) {
            return delay(free).isZero() ? Instant.EPOCH : delayEnds(free, cap);
        }

        /** When the delay of the latest failure ends (its time, while the count is within its free failures). */
        private Instant delayEnds(int free, Duration cap) {
            Duration delay = delay(free);
            return lastFailureAt.plus(delay.compareTo(cap) > 0 ? cap : delay);
        }

        /** Forgotten: its delay is over and it has been quiet since. */
        Count asOf(Instant now, int free) {
            return now.isBefore(delayEnds(free, MAX_DELAY).plus(QUIET)) ? this : NONE;
        }
    }

    /** The counts one attempt is judged by, forgotten ones already cleared. */
    record Counts(Count address, Count email, Count pair) {

        /** Until when the attempt must wait; not after {@code now} when it may go ahead. */
        Instant waitsUntil() {
            boolean freshAddress = address.failures() < FREE_FAILURES;
            Instant until = address.waitsUntil(FREE_ADDRESS_FAILURES, MAX_DELAY);
            until = latest(until, pair.waitsUntil(FREE_FAILURES, MAX_DELAY));
            return latest(until, email.waitsUntil(FREE_FAILURES, freshAddress ? FRESH_ADDRESS_WAIT : MAX_DELAY));
        }

        private static Instant latest(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }

    private final JdbcClient jdbc;

    SignInThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one sign-in attempt before its password is checked; answers until when it must wait instead, counting
     * nothing, when one of its counts says so.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Instant> attempt(String normalisedEmail, String clientAddress, Instant now) {
        Map<Kind, String> subjects = subjects(normalisedEmail, clientAddress);
        Map<Kind, Count> stored = lock(subjects, now);
        Counts counts = new Counts(stored.get(Kind.address).asOf(now, FREE_ADDRESS_FAILURES),
                stored.get(Kind.email).asOf(now, FREE_FAILURES), stored.get(Kind.pair).asOf(now, FREE_FAILURES));
        Instant until = counts.waitsUntil();
        if (until.isAfter(now)) {
            return Optional.of(until);
        }
        count(subjects, Kind.address, counts.address(), now);
        count(subjects, Kind.email, counts.email(), now);
        count(subjects, Kind.pair, counts.pair(), now);
        return Optional.empty();
    }

    /** The attempt was right: its own count is taken back and the email's counts are cleared. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void succeeded(String normalisedEmail, String clientAddress) {
        Map<Kind, String> subjects = subjects(normalisedEmail, clientAddress);
        jdbc.sql("""
                update identity_sign_in_throttle set failures = greatest(failures - 1, 0)
                where kind = 'address' and subject = ?""").param(subjects.get(Kind.address)).update();
        jdbc.sql("""
                delete from identity_sign_in_throttle
                where (kind = 'email' and subject = ?) or (kind = 'pair' and subject = ?)""")
                .params(subjects.get(Kind.email), subjects.get(Kind.pair)).update();
    }

    /** Deletes counts that are forgotten anyway: no failure since {@code now} less the longest delay and quiet. */
    public int purge(Instant now) {
        return jdbc.sql("delete from identity_sign_in_throttle where last_failure_at < ?")
                .param(Timestamp.from(now.minus(MAX_DELAY).minus(QUIET))).update();
    }

    /**
     * Makes sure the attempt's three rows exist and locks them, in one order for every attempt, in one statement: an
     * insert whose conflict locks and returns the existing row. (An insert, then a select, would miss a row that a
     * parallel success of the same email deleted in between.)
     */
    private Map<Kind, Count> lock(Map<Kind, String> subjects, Instant now) {
        List<Object> params = new ArrayList<>();
        subjects.forEach((kind, subject) -> {
            params.add(kind.name());
            params.add(subject);
            params.add(Timestamp.from(now));
        });
        Map<Kind, Count> counts = new HashMap<>();
        jdbc.sql("""
                insert into identity_sign_in_throttle (kind, subject, failures, last_failure_at)
                values (?, ?, 0, ?), (?, ?, 0, ?), (?, ?, 0, ?)
                on conflict (kind, subject) do update set failures = identity_sign_in_throttle.failures
                returning kind, failures, last_failure_at""")
                .params(params)
                .query(rs -> {
                    counts.put(Kind.valueOf(rs.getString(1)),
                            new Count(rs.getInt(2), rs.getTimestamp(3).toInstant()));
                });
        return counts;
    }

    private void count(Map<Kind, String> subjects, Kind kind, Count current, Instant now) {
        jdbc.sql("update identity_sign_in_throttle set failures = ?, last_failure_at = ? where kind = ? and subject = ?")
                .params(current.failures() + 1, Timestamp.from(now), kind.name(), subjects.get(kind))
                .update();
    }

    /** Hashed, so neither emails without an account nor client addresses are kept in the clear. */
    private static Map<Kind, String> subjects(String normalisedEmail, String clientAddress) {
        Map<Kind, String> subjects = new java.util.EnumMap<>(Kind.class);
        subjects.put(Kind.address, Sha256.hex("address " + clientAddress));
        subjects.put(Kind.email, Sha256.hex("email " + normalisedEmail));
        subjects.put(Kind.pair, Sha256.hex("pair " + normalisedEmail + " " + clientAddress));
        return subjects;
    }
}
