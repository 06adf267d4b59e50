package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordHashingTests {

    /** Records the thread each piece of work ran on. */
    private static class Recording implements PasswordEncoder {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final Set<Boolean> virtual = ConcurrentHashMap.newKeySet();

        @Override
        public String encode(CharSequence raw) {
            threads.add(Thread.currentThread().getName());
            virtual.add(Thread.currentThread().isVirtual());
            return "hashed:" + raw;
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return encode(raw).equals(encoded);
        }
    }

    @Test
    void hashing_asked_for_on_virtual_threads_runs_on_the_pool_s_platform_threads() throws Exception {
        // given
        Recording recording = new Recording();
        PasswordHashing hashing = new PasswordHashing(recording, 2);

        // when: many requests' virtual threads hash at once
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String password = "password-" + i;
                answers.add(requests.submit(() -> hashing.matches(password, hashing.encode(password))));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            hashing.destroy();
        }

        // then
        assertThat(recording.virtual).containsExactly(false);
        assertThat(recording.threads).allMatch(name -> name.startsWith("password-hashing-")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void a_failure_of_the_encoder_reaches_the_caller_as_it_was() {
        // given
        PasswordHashing hashing = new PasswordHashing(new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                throw new IllegalArgumentException("too long");
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return false;
            }
        }, 1);

        // when / then
        assertThatThrownBy(() -> hashing.encode("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("too long");
        hashing.destroy();
    }

    @Test
    void on_linux_the_hashing_threads_run_nicer_than_the_request_threads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of(
                "/proc/thread-self/stat")), "a Linux /proc");
        java.util.concurrent.atomic.AtomicInteger niceness = new java.util.concurrent.atomic.AtomicInteger(-99);
        PasswordHashing hashing = new PasswordHashing(new Recording() {
            @Override
            public String encode(CharSequence raw) {
                niceness.set(nice());
                return super.encode(raw);
            }
        }, 1);

        hashing.encode("any password");
        hashing.destroy();

        assertThat(niceness.get()).as("the hashing thread's, against the caller's").isGreaterThan(nice())
                .isGreaterThanOrEqualTo(PasswordHashing.NICENESS);
    }

    @Test
    void under_a_backlog_a_hashing_thread_rests_as_long_as_its_last_check_took() throws Exception {
        // given one hashing thread that rests as long as it worked, and checks that take 40 ms each
        java.util.List<long[]> spans = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PasswordHashing hashing = new PasswordHashing(new Recording() {
            @Override
            public String encode(CharSequence raw) {
                long started = System.nanoTime();
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                spans.add(new long[] {started, System.nanoTime()});
                return super.encode(raw);
            }
        }, 1, 1.0);

        // when three checks come at once
        try (var requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 3; i++) {
                String password = "password-" + i;
                requests.submit(() -> hashing.encode(password));
            }
        }
        hashing.destroy();

        // then each one that had another waiting behind it was followed by a rest at least as long as it took
        assertThat(spans).hasSize(3);
        for (int i = 1; i < spans.size(); i++) {
            long worked = spans.get(i - 1)[1] - spans.get(i - 1)[0];
            long idle = spans.get(i)[0] - spans.get(i - 1)[1];
            assertThat(idle).as("the rest after check %d", i).isGreaterThanOrEqualTo(worked * 9 / 10);
        }
    }

    /** The calling thread's nice value: field 19 of its /proc stat line, the 17th after the command's ")". */
    private static int nice() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
