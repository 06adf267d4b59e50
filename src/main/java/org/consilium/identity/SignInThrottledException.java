package org.consilium.identity;

import java.time.Duration;

/**
 * Sign-in has to wait: too many failed attempts lately for this email, from this client address, or both. The same
 * whether or not the email has an account.
 */
public final class SignInThrottledException extends RuntimeException {

    private final Duration retryAfter;

    SignInThrottledException(Duration retryAfter) {
        super("too many failed sign-ins; try again later");
        this.retryAfter = retryAfter;
    }

    /** How long to wait before the next attempt: at least a second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
