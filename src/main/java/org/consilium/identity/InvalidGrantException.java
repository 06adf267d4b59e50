package org.consilium.identity;

/**
 * A refresh token that cannot be used: unknown, expired, revoked, used already (its family is then revoked), too old a
 * sign-in, or an account that can no longer sign in. Which of these is never said.
 */
public final class InvalidGrantException extends RuntimeException {

    InvalidGrantException() {
        super("the refresh token cannot be used");
    }
}
