package org.consilium.identity;

/** A staff account without a second factor asked for an API token where staff must have one: set one up first. */
public final class SecondFactorEnrolmentRequiredException extends RuntimeException {

    SecondFactorEnrolmentRequiredException() {
        super("set up a second factor before signing in here");
    }
}
