package org.consilium.platform;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.consilium.identity.AccessScope;
import org.consilium.identity.Role;
import org.consilium.identity.StepUp;
import org.consilium.platform.internal.MasterKeyRegistry;
import org.consilium.platform.internal.MasterKeyRegistry.State;
import org.consilium.platform.internal.MasterKeyRegistry.Version;
import org.consilium.platform.internal.RegisteredKeyRing;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates the master key ({@code ./consilium keys rotate}, {@code POST /api/v1/admin/keys/rotation}): the next
 * version becomes current (in the demo, a new key is first written to the secrets folder; elsewhere the operator
 * configured it), so every new data key is wrapped under it at once; then every data key still wrapped under the old
 * version is unwrapped and wrapped again under the new one, in batches of one transaction each, without touching the
 * content it protects; and only when none is left is the old version retired. Interrupted, it is taken up again where
 * it stopped by running it again. For administrators and the local operator, after a step-up; audited at its start
 * and its end.
 */
@Service
public class MasterKeyRotation {

    static final int BATCH = 500;

    private final RegisteredKeyRing ring;
    private final MasterKeyRegistry registry;
    private final List<WrappedDataKeys> holders;
    private final StepUp stepUp;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transaction;

    MasterKeyRotation(RegisteredKeyRing ring, MasterKeyRegistry registry, List<WrappedDataKeys> holders,
            StepUp stepUp, ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
        this.ring = ring;
        this.registry = registry;
        this.holders = List.copyOf(holders);
        this.stepUp = stepUp;
        this.events = events;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Where the master key versions stand, and where a rotation's run left them.
     *
     * @param current the version that wraps new data keys
     * @param currentKeyId its key id (a fingerprint, never the key)
     * @param retiring the versions a rotation under way is moving away from; empty when none is
     * @param next a version configured and waiting to be rotated to, if any
     * @param remaining how many data keys are still wrapped under a retiring version
     * @param rewrapped how many this run wrapped again (0 for a status)
     * @param retired the versions this run retired
     * @param summary one line for a person
     * @param nextSteps what the operator does now, if anything
     */
    public record Status(int current, String currentKeyId, List<Integer> retiring, @Nullable Integer next,
            long remaining, long rewrapped, List<Integer> retired, String summary, List<String> nextSteps) {
    }

    /** Where the versions stand: for administrators and the local operator. */
    public Status status(AccessScope scope) {
        requireAdministrator(scope);
        return transaction.execute(s -> status(0, List.of(), List.of()));
    }

    /**
     * Rotates, or takes up a rotation that was interrupted, to its end; tells {@code progress} after each batch.
     *
     * @throws IllegalTransitionException when there is no new key to rotate to (outside the demo, the operator
     *     configures it first; the reason says how)
     */
    public Status rotate(AccessScope scope, Consumer<Status> progress) {
        return rotate(scope, progress, BATCH);
    }

    /** The same, in batches of {@code size}: tests make several batches of a few blobs. */
    Status rotate(AccessScope scope, Consumer<Status> progress, int size) {
        requireAdministrator(scope);
        stepUp.require(scope, "Rotating the master key");
        int current = transaction.execute(s -> begin(scope));
        List<Integer> retiring = retiring();
        long rewrapped = 0;
        List<String> retiredKeys;
        while (true) {
            while (true) {
                int moved = transaction.execute(s -> {
                    int batch = 0;
                    for (WrappedDataKeys holder : holders) {
                        batch += holder.rewrap(retiring, current, size - batch);
                        if (batch >= size) {
                            break;
                        }
                    }
                    return batch;
                });
                rewrapped += moved;
                if (moved == 0) {
                    break;
                }
                long done = rewrapped;
                progress.accept(transaction.execute(s -> status(done, List.of(), List.of())));
            }
            Optional<List<String>> finished = transaction.execute(s -> finish(scope, retiring, current));
            if (finished.isPresent()) {
                retiredKeys = finished.get();
                break;
            }
            pause();
        }
        List<String> retiredFiles = new ArrayList<>();
        for (String keyId : retiredKeys) {
            ring.retire(keyId).ifPresent(file -> retiredFiles.add(file.getFileName().toString()));
        }
        long done = rewrapped;
        return transaction.execute(s -> status(done, retiring, retiredFiles));
    }

    /** Makes the next version current, or finds the rotation under way; answers the current version. */
    private int begin(AccessScope scope) {
        registry.lockExclusively();
        List<Version> versions = registry.versions();
        int current = versions.stream().filter(v -> v.state() == State.CURRENT).findFirst().orElseThrow().version();
        List<Integer> retiring = versions.stream().filter(v -> v.state() == State.RETIRING).map(Version::version)
                .toList();
        if (!retiring.isEmpty()) {
            publish(scope, MasterKeyRotated.What.STARTED, "taken up again: from version"
                    + (retiring.size() == 1 ? " " : "s ") + join(retiring) + " to version " + current);
            return current;
        }
        Optional<Version> next = versions.stream()
                .filter(v -> v.state() == State.NEXT && ring.holds(v.keyId()))
                .reduce((a, b) -> b);
        Version target;
        if (next.isPresent()) {
            target = next.get();
        } else if (ring.generates()) {
            int version = versions.stream().mapToInt(Version::version).max().orElse(0) + 1;
            registry.add(version, ring.generate(version), State.NEXT, clock.instant());
            target = registry.versions().getLast();
        } else {
            throw new IllegalTransitionException("There is no new master key to rotate to. Generate one "
                    + "(openssl rand -base64 32); on every instance, set it as CONSILIUM_SECRETS_MASTER_KEY and move "
                    + "the present key to CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS; restart them all; then run "
                    + "./consilium keys rotate again.");
        }
        registry.change(current, State.CURRENT, State.RETIRING, clock.instant());
        registry.change(target.version(), State.NEXT, State.CURRENT, clock.instant());
        ring.resealSecrets(target.version());
        publish(scope, MasterKeyRotated.What.STARTED, "from version " + current + " to version "
                + target.version() + " (key id " + target.keyId() + ")");
        return target.version();
    }

    /**
     * Retires the versions when nothing is wrapped under them any more, checked under the registry's lock; answers
     * their key ids, or nothing when some are left (taken since the last batch) for another round.
     */
    private Optional<List<String>> finish(AccessScope scope, List<Integer> retiring, int current) {
        registry.lockExclusively();
        long left = holders.stream().mapToLong(h -> h.countUnder(retiring)).sum();
        if (left > 0) {
            return Optional.empty();
        }
        ring.resealSecrets(current);
        List<String> keyIds = new ArrayList<>();
        for (Version v : registry.versions()) {
            if (retiring.contains(v.version()) && v.state() == State.RETIRING) {
                registry.change(v.version(), State.RETIRING, State.RETIRED, clock.instant());
                keyIds.add(v.keyId());
            }
        }
        if (!keyIds.isEmpty()) {
            publish(scope, MasterKeyRotated.What.FINISHED, "version" + (retiring.size() == 1 ? " " : "s ")
                    + join(retiring) + " retired; every data key is wrapped under version " + current);
        }
        return Optional.of(keyIds);
    }

    /** Rows another transaction held were skipped: give it a moment before the next round. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rotation was interrupted; run it again to take it up", e);
        }
    }

    private List<Integer> retiring() {
        return transaction.execute(s -> registry.versions().stream().filter(v -> v.state() == State.RETIRING)
                .map(Version::version).toList());
    }

    private Status status(long rewrapped, List<Integer> retired, List<String> retiredFiles) {
        List<Version> versions = registry.versions();
        Version current = versions.stream().filter(v -> v.state() == State.CURRENT).findFirst().orElseThrow();
        List<Integer> retiring = versions.stream().filter(v -> v.state() == State.RETIRING).map(Version::version)
                .toList();
        Integer next = versions.stream().filter(v -> v.state() == State.NEXT).map(Version::version)
                .reduce((a, b) -> b).orElse(null);
        long remaining = retiring.isEmpty() ? 0 : holders.stream().mapToLong(h -> h.countUnder(retiring)).sum();
        String what = holders.stream().map(WrappedDataKeys::what).reduce((a, b) -> a + ", " + b).orElse("data");
        List<String> nextSteps = new ArrayList<>();
        String summary;
        if (!retired.isEmpty()) {
            summary = "Done: " + rewrapped + " data keys (" + what + ") wrapped again under master key version "
                    + current.version() + " (key id " + current.keyId() + "); version" + (retired.size() == 1 ? " "
                    : "s ") + join(retired) + " retired.";
            if (!retiredFiles.isEmpty()) {
                nextSteps.add("The retired key's file is now " + String.join(", ", retiredFiles.stream()
                        .map(f -> Path.of("secrets", f).toString()).toList()) + ". Keep it with the backups made "
                        + "before now, which need it, and delete it once they are gone.");
            } else {
                nextSteps.add("Remove the retired key from CONSILIUM_SECRETS_PREVIOUS_MASTER_KEYS on every "
                        + "instance at its next restart; keep CONSILIUM_SECRETS_MASTER_KEY as it is.");
                nextSteps.add("Keep the retired key with the backups made before now, which need it, and destroy "
                        + "it once they are gone.");
            }
        } else if (!retiring.isEmpty()) {
            summary = "Under way: " + rewrapped + " data keys wrapped again under master key version "
                    + current.version() + ", " + remaining + " to go.";
        } else {
            summary = "Master key version " + current.version() + " (key id " + current.keyId()
                    + ") wraps every data key" + (next == null ? "." : "; version " + next
                    + " is configured and waiting to be rotated to.");
        }
        return new Status(current.version(), current.keyId(), retiring, next, remaining, rewrapped, retired, summary,
                nextSteps);
    }

    private void publish(AccessScope scope, MasterKeyRotated.What what, String detail) {
        events.publishEvent(new MasterKeyRotated(scope.actor().id(), scope.actor().role(), what, detail,
                clock.instant()));
    }

    private static void requireAdministrator(AccessScope scope) {
        if (scope.actor().role() != Role.ADMIN) {
            throw new ForbiddenActionException("Only an administrator may rotate the service's keys");
        }
    }

    private static String join(List<Integer> versions) {
        return String.join(", ", versions.stream().map(String::valueOf).toList());
    }
}
