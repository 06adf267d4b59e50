package org.consilium.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs the password encoder's work (Argon2id: about a tenth of a second of CPU and 19 MiB each) on a small pool of
 * platform threads (half the cores, see {@code IdentityConfiguration}). Requests run on virtual threads, which share a
 * carrier thread per core and are not preempted: a few hashes in a row would hold every carrier and stall all other
 * requests. On platform threads the operating system shares the cores between hashing and the rest, at a lower
 * priority than the rest where it can ({@link #yieldToRequests}), and at most one hash per pool thread runs at once,
 * so a flood of sign-ins queues here instead of taking every core.
 */
final class PasswordHashing implements PasswordEncoder, DisposableBean {

    private final PasswordEncoder encoder;
    private final ThreadPoolExecutor pool;
    private final double rest;

    PasswordHashing(PasswordEncoder encoder, int threads) {
        this(encoder, threads, 0);
    }

    /**
     * @param rest under a backlog (more checks waiting), how long a hashing thread rests after each check, as a share
     *     of the time the check took: 1 gives password checks at most half of each hashing thread's time during a
     *     flood, so its memory traffic and garbage leave room for every other request; 0 never rests
     */
    PasswordHashing(PasswordEncoder encoder, int threads, double rest) {
        this.encoder = encoder;
        this.rest = rest;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> {
            Thread thread = new Thread(() -> {
                yieldToRequests();
                task.run();
            }, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How much nicer than the request threads a hashing thread is, on Linux: a weight of about a tenth of theirs. */
    static final int NICENESS = 10;

    /**
     * Lowers the calling thread's scheduling priority, where the operating system allows it (Linux: a thread's own
     * {@code nice}, which any process may raise for its threads): under a flood of sign-ins the hashing thread then
     * takes only what the requests leave of the cores, instead of an equal share. Java cannot do this itself (its
     * thread priorities are ignored on Linux), so the thread's id is read from {@code /proc/thread-self} and given to
     * {@code renice}. Anywhere else, or if that fails, the thread keeps the usual priority: only the latency of other
     * requests during a flood suffers.
     */
    static boolean yieldToRequests() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            String tid = self.getFileName().toString();
            if (!tid.chars().allMatch(Character::isDigit)) {
                return false;
            }
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICENESS), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                return false;
            }
            return renice.exitValue() == 0;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return run(() -> encoder.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return run(() -> encoder.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encoder.upgradeEncoding(encodedPassword);
    }

    private <T> T run(Callable<T> work) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        pool.execute(() -> {
            long started = System.nanoTime();
            try {
                answer.complete(work.call());
            } catch (Throwable failed) {
                answer.completeExceptionally(failed);
            }
            if (rest > 0 && !pool.getQueue().isEmpty()) {
                // Another check is waiting: a flood, not a person. The caller has its answer; the thread leaves the
                // core to the other requests for a while before the next check.
                long resting = (long) ((System.nanoTime() - started) * rest);
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(resting, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
