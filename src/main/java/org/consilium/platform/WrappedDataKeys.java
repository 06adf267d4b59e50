package org.consilium.platform;

import java.util.Collection;

/**
 * Keys that a module keeps wrapped under the master key, each row naming its master key version: what a rotation
 * ({@link MasterKeyRotation}) wraps again under the new version. A module that keeps such keys provides a bean of this
 * type; the platform knows none of their tables.
 */
public interface WrappedDataKeys {

    /** What the keys protect, for the rotation's progress lines ("stored files"). */
    String what();

    /** How many are wrapped under one of the versions. */
    long countUnder(Collection<Integer> versions);

    /**
     * Unwraps up to {@code max} of those wrapped under one of the {@code from} versions and wraps them under {@code to},
     * in the caller's transaction, leaving what they protect untouched; answers how many. Rows another transaction
     * holds are skipped, for the next batch.
     */
    int rewrap(Collection<Integer> from, int to, int max);
}
