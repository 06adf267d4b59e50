package org.consilium.platform;

import java.time.Duration;

/** Counts requests per subject (such as a client address) in fixed windows, across all app instances. */
public interface RateLimiter {

    /** Counts one request; false when the subject has used up {@code limit} requests in the current window. */
    boolean tryAcquire(String bucket, String subject, int limit, Duration window);
}
