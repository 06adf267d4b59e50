package org.consilium.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a check of the whole audit trail found: how many entries are chained, the last signed checkpoint, and the
 * first break, if any, with why.
 *
 * @param chained entries linked in the chain
 * @param pending entries written in the last moments and not chained yet (not a break)
 * @param brokenAt the chain position (or, for an entry left out of the chain, the entry id) of the first break
 */
public record AuditVerification(boolean ok, long chained, long pending, @Nullable Checkpoint lastCheckpoint,
        @Nullable Long brokenAt, @Nullable String problem) {

    /** A signed statement of the chain's head at one moment. */
    public record Checkpoint(long position, String headHash, Instant madeAt, String keyId) {
    }

    /** One line for an operator: {@code OK n rows, last checkpoint …}, or the first break and why. */
    public String summary() {
        if (ok) {
            return "OK " + chained + " rows" + (pending > 0 ? " (" + pending + " still being chained)" : "")
                    + ", last checkpoint " + (lastCheckpoint == null ? "none yet"
                            : "at row " + lastCheckpoint.position() + ", " + lastCheckpoint.madeAt());
        }
        return "BROKEN at " + brokenAt + ": " + problem;
    }
}
