package org.consilium.identity;

import java.time.Instant;

/** Too many wrong passwords for this email: sign-in is refused until {@link #until()}. */
public final class SignInLockedException extends RuntimeException {

    private final Instant until;

    SignInLockedException(Instant until) {
        super("too many failed sign-ins for this email; try again later");
        this.until = until;
    }

    public Instant until() {
        return until;
    }
}
