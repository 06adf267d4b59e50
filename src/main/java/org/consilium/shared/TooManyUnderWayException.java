package org.consilium.shared;

import java.time.Duration;

/**
 * The caller already has as many of these under way at once as they may (uploads, say): nothing was done, and the
 * same request may be sent again after {@link #retryAfter()} (a 429).
 */
public final class TooManyUnderWayException extends DomainException {

    private final String slug;
    private final Duration retryAfter;

    /**
     * @param slug the problem type of this limit, such as {@code too-many-uploads}
     */
    public TooManyUnderWayException(String slug, String reason, Duration retryAfter) {
        super(reason);
        this.slug = slug;
        this.retryAfter = retryAfter;
    }

    public String slug() {
        return slug;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
