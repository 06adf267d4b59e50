package org.consilium.audit;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.consilium.audit.internal.AuditChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Links newly written audit entries into the chain shortly after their transactions commit, and signs checkpoints.
 * It runs on one background thread: nudged after every commit that wrote entries (several nudges in a row make one
 * run), and once a second in any case, so entries written by another app instance are chained even if that instance
 * stopped. At shutdown it chains what is left and signs a last checkpoint.
 */
@Component
class AuditChainer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditChainer.class);
    private static final int BATCH = 1_000;

    private final AuditChain chain;
    private final boolean enabled;
    /** How long a nudge waits, so that the entries of many requests are linked in one run. */
    private static final long NUDGE_DELAY_MS = 100;
    private static final long SLOW_WORK_EVERY = TimeUnit.SECONDS.toNanos(1);

    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile long lastSlowWork = System.nanoTime() - SLOW_WORK_EVERY;
    private volatile ScheduledExecutorService executor;

    AuditChainer(AuditChain chain, @Value("${consilium.audit.chainer.enabled:true}") boolean enabled) {
        this.chain = chain;
        this.enabled = enabled;
    }

    /** Asks for a run soon; does nothing while one is already asked for. */
    void nudge() {
        ScheduledExecutorService running = executor;
        if (running != null && nudged.compareAndSet(false, true)) {
            try {
                running.schedule(this::run, NUDGE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                nudged.set(false);
            }
        }
    }

    /**
     * Chains every pending entry, late commits included, and signs a checkpoint when one is due; answers how many
     * entries it chained.
     */
    int chainNow(boolean forceCheckpoint) {
        return chain(true, forceCheckpoint);
    }

    /**
     * Under load the chainer runs many times a second. Each run links the entries above the chain's newest; looking
     * back for late commits and asking whether a checkpoint is due (every minute or 1,000 entries) happen at most once
     * a second, or after a full batch.
     */
    private int chain(boolean lookBack, boolean forceCheckpoint) {
        long now = System.nanoTime();
        boolean slowWork = lookBack || now - lastSlowWork >= SLOW_WORK_EVERY;
        if (slowWork) {
            lastSlowWork = now;
        }
        int total = 0;
        int linked;
        boolean first = true;
        do {
            linked = chain.chainPending(BATCH, slowWork && first);
            first = false;
            total += Math.max(linked, 0);
        } while (linked == BATCH);
        if (forceCheckpoint || slowWork || total >= BATCH) {
            chain.checkpointIfDue(forceCheckpoint);
        }
        return total;
    }

    private void run() {
        nudged.set(false);
        try {
            chain(false, false);
        } catch (RuntimeException e) {
            // The entries stay in the table and the next run picks them up.
            log.warn("Audit chaining failed; it will be retried: {}", e.toString());
        }
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-chainer");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::run, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        executor = null;
        running.shutdown();
        try {
            running.awaitTermination(10, TimeUnit.SECONDS);
            chainNow(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Could not chain the last audit entries at shutdown; the next start chains them: {}",
                    e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /**
     * Stops after the web server stopped taking requests (a higher phase, stopped first), so the last requests'
     * entries are chained, and before the database pool closes (a plain bean, destroyed after every lifecycle).
     */
    @Override
    public int getPhase() {
        return 0;
    }
}
