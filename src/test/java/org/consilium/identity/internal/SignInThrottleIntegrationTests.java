package org.consilium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The throttle's rules, counted in PostgreSQL, driven with times of the test's choosing. Every test uses emails and
 * addresses of its own; the rows of the shared database are told apart by them.
 */
@IntegrationTest
class SignInThrottleIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Autowired
    SignInThrottle throttle;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void an_email_from_one_address_gets_five_free_failures_then_waits_twice_as_long_after_each() {
        // given
        String email = email();
        String address = address();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(email, address, T0.plusMillis(i))).isEmpty();
        }

        // when / then: the sixth waits 5 s after the fifth; once counted, the seventh waits 10 s
        assertThat(attempt(email, address, T0.plusSeconds(1))).contains(T0.plusMillis(4).plusSeconds(5));
        Instant sixth = T0.plusMillis(4).plusSeconds(5);
        assertThat(attempt(email, address, sixth)).isEmpty();
        assertThat(attempt(email, address, sixth.plusSeconds(9))).contains(sixth.plusSeconds(10));
        assertThat(attempt(email, address, sixth.plusSeconds(10))).isEmpty();
    }

    @Test
    void an_attempt_within_the_free_failures_never_waits_even_behind_a_parallel_one_counted_with_a_later_time() {
        // given an address that another request, which read the clock a moment later, counted a failure for
        String address = address();
        assertThat(attempt(email(), address, T0.plusMillis(30))).isEmpty();

        // when an attempt of another email from it is counted with the earlier time it read first
        Optional<Instant> earlier = attempt(email(), address, T0);

        // then it goes ahead: nothing has to wait within the free failures
        assertThat(earlier).isEmpty();
    }

    @Test
    void parallel_attempts_and_successes_of_one_email_never_miss_a_count_row() throws Exception {
        // given one email signing in from four clients at once (fewer than the free failures, which attempts under
        // way count as until they succeed), each success deleting the email's counts
        String email = email();
        java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();

        // when each attempt is followed by its success, in parallel
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int client = 0; client < 4; client++) {
                String address = address();
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        assertThat(attempt(email, address, Instant.now())).isEmpty();
                        transactions.executeWithoutResult(s -> throttle.succeeded(email, address));
                    }
                }));
            }
            // then none of them failed
            for (var run : runs) {
                run.get();
            }
        }
    }

    @Test
    void the_delay_stops_growing_at_fifteen_minutes() {
        // given twenty counted failures, each after waiting as long as asked
        String email = email();
        String address = address();
        Instant now = failures(email, address, 20, T0);

        // when / then
        assertThat(attempt(email, address, now)).contains(now.plus(SignInThrottle.MAX_DELAY));
    }

    @Test
    void another_address_that_has_not_been_failing_waits_five_seconds_at_most_for_an_email_under_attack() {
        // given a stranger's fifteen failed attempts at an email, waiting out every delay
        String email = email();
        String stranger = address();
        Instant now = failures(email, stranger, 15, T0);
        assertThat(attempt(email, stranger, now.plusSeconds(60))).isPresent();

        // when the owner tries from an address of their own, straight after the stranger's last failure
        Optional<Instant> owner = attempt(email, address(), now.plusSeconds(1));

        // then they wait until five seconds after that failure at most, and are counted at once after it
        assertThat(owner).hasValueSatisfying(until -> assertThat(until).isBeforeOrEqualTo(now.plusSeconds(5)));
        assertThat(attempt(email, address(), now.plusSeconds(5))).isEmpty();
    }

    @Test
    void an_address_that_has_been_failing_waits_as_long_as_the_email_says() {
        // given an email with ten failures from one address, and a second address with five failures elsewhere
        String email = email();
        Instant now = failures(email, address(), 10, T0);
        String second = address();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(email(), second, now)).isEmpty();
        }

        // when the second address tries the email under attack
        Optional<Instant> until = attempt(email, second, now.plusSeconds(1));

        // then it waits the email's whole delay (after ten failures: 5 s × 2^5)
        assertThat(until).contains(now.plusSeconds(160));
    }

    @Test
    void one_address_trying_many_emails_waits_after_fifty_failures_whatever_the_email() {
        // given fifty failures from one address, each at another email
        String address = address();
        for (int i = 0; i < 50; i++) {
            assertThat(attempt(email(), address, T0.plusMillis(i))).isEmpty();
        }

        // when / then
        assertThat(attempt(email(), address, T0.plusSeconds(1))).contains(T0.plusMillis(49).plusSeconds(5));
        assertThat(attempt(email(), address(), T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void a_success_clears_the_email_s_counts_but_not_the_address_s() {
        // given four failures of an email and forty-nine others from the same address
        String email = email();
        String address = address();
        for (int i = 0; i < 4; i++) {
            attempt(email, address, T0);
        }
        for (int i = 0; i < 45; i++) {
            attempt(email(), address, T0);
        }

        // when the next attempt, the address's fiftieth, is right
        assertThat(attempt(email, address, T0)).isEmpty();
        transactions.executeWithoutResult(s -> throttle.succeeded(email, address));

        // then the email starts over, while the address keeps its forty-nine failures: one more is free, then it waits
        for (int i = 0; i < 1; i++) {
            assertThat(attempt(email, address, T0)).isEmpty();
        }
        assertThat(attempt(email(), address, T0)).contains(T0.plusSeconds(5));
    }

    @Test
    void counts_are_forgotten_after_a_quiet_quarter_of_an_hour_once_the_delay_is_over() {
        // given five failures: the sixth attempt would wait 5 s
        String email = email();
        String address = address();
        for (int i = 0; i < 5; i++) {
            attempt(email, address, T0);
        }

        // when / then: 5 s and 15 quiet minutes later, five more are free
        Instant later = T0.plusSeconds(5).plus(SignInThrottle.QUIET);
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(email, address, later)).isEmpty();
        }
        assertThat(attempt(email, address, later)).isPresent();
    }

    @Test
    void the_purge_deletes_counts_that_are_forgotten_anyway_and_keeps_the_others() {
        // given an old count and a recent one
        String old = email();
        String recent = email();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        attempt(old, address(), now.minus(SignInThrottle.MAX_DELAY).minus(SignInThrottle.QUIET).minusSeconds(1));
        attempt(recent, address(), now.minusSeconds(60));

        // when
        int purged = throttle.purge(now);

        // then
        assertThat(purged).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.sql("select count(*) from identity_sign_in_throttle where last_failure_at >= ?")
                .param(java.sql.Timestamp.from(now.minusSeconds(60))).query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from identity_sign_in_throttle where last_failure_at < ?")
                .param(java.sql.Timestamp.from(now.minus(SignInThrottle.MAX_DELAY).minus(SignInThrottle.QUIET)))
                .query(Long.class).single()).isZero();
    }

    /** Counts {@code n} failures, waiting out every delay; answers when the last was counted. */
    private Instant failures(String email, String address, int n, Instant from) {
        Instant now = from;
        for (int i = 0; i < n; i++) {
            Optional<Instant> until = attempt(email, address, now);
            if (until.isPresent()) {
                now = until.get();
                assertThat(attempt(email, address, now)).isEmpty();
            }
        }
        return now;
    }

    private Optional<Instant> attempt(String email, String address, Instant at) {
        return transactions.execute(s -> throttle.attempt(email, address, at));
    }

    private static String email() {
        return "throttled-" + UUID.randomUUID() + "@example.org";
    }

    private static String address() {
        return "2001:db8:" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000))
                + "::" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 0x10000));
    }
}
