package org.consilium.identity;

/**
 * The password was right, and the account signs in with a second factor: none was sent, or the one sent was wrong or
 * used already (which of these is never said).
 */
public final class SecondFactorRequiredException extends RuntimeException {

    private final boolean codeGiven;

    SecondFactorRequiredException(boolean codeGiven) {
        super(codeGiven ? "the one-time code is wrong" : "a one-time code is needed");
        this.codeGiven = codeGiven;
    }

    /** Whether a code was sent (and refused), rather than none. */
    public boolean codeGiven() {
        return codeGiven;
    }
}
