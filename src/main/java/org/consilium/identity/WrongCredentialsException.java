package org.consilium.identity;

/** The email or the password is wrong; which of the two is never said. */
public final class WrongCredentialsException extends RuntimeException {

    WrongCredentialsException() {
        super("the email or password is wrong");
    }
}
