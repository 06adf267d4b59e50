package org.consilium.shared;

import java.time.Instant;
import java.util.function.ToIntFunction;

/**
 * Housekeeping a module runs on a schedule: deletes what has outlived its use (expired tokens, old counters,
 * orphaned files). A module declares it as a bean; the platform runs every one, one app instance at a time.
 *
 * @param name a stable name, for the logs and for the lock that keeps two instances from running it at once
 * @param run deletes what is due as of the instant given; answers how many things it deleted
 */
public record Purge(String name, ToIntFunction<Instant> run) {
}
