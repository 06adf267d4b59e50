package org.consilium.shared;

/** The action is not possible in the current state of the thing (a 409). */
public final class IllegalTransitionException extends DomainException {

    public IllegalTransitionException(String reason) {
        super(reason);
    }
}
