package org.consilium.identity;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Runs the password encoder's work (Argon2id: about a tenth of a second of CPU and 19 MiB each) on a small pool of
 * platform threads (half the cores, see {@code IdentityConfiguration}). Requests run on virtual threads, which share a
 * carrier thread per core and are not preempted: a few hashes in a row would hold every carrier and stall all other
 * requests. On platform threads the operating system shares the cores between hashing and the rest, and at most one
 * hash per pool thread runs at once, so a flood of sign-ins queues here instead of taking every core.
 */
final class PasswordHashing implements PasswordEncoder, DisposableBean {

    private final PasswordEncoder encoder;
    private final ExecutorService pool;

    PasswordHashing(PasswordEncoder encoder, int threads) {
        this.encoder = encoder;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "password-hashing-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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
        try {
            return pool.submit(work).get();
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
