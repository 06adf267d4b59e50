package org.consilium.shared;

/**
 * A write that names no version of the thing it changes, or an old one: someone else may have changed it meanwhile.
 * Answered 428 (no version given) or 412 (a stale one), never a silent overwrite.
 */
public final class VersionConflictException extends DomainException {

    private final boolean versionGiven;
    private final long current;

    private VersionConflictException(String reason, boolean versionGiven, long current) {
        super(reason);
        this.versionGiven = versionGiven;
        this.current = current;
    }

    /** A change to something that has versions, sent without saying which version it edits. */
    public static VersionConflictException required(String reason) {
        return new VersionConflictException(reason, false, -1);
    }

    /** A change to a version that is no longer the current one. */
    public static VersionConflictException stale(String reason, long current) {
        return new VersionConflictException(reason, true, current);
    }

    /** Whether the writer named a version at all (412 when it did, 428 when it did not). */
    public boolean versionGiven() {
        return versionGiven;
    }

    /** The current version, when the writer's was stale; -1 otherwise. */
    public long current() {
        return current;
    }
}
