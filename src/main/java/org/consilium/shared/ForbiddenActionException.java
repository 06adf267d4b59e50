package org.consilium.shared;

/** The caller can see the thing but its role may not take this action on it (a 403). */
public final class ForbiddenActionException extends DomainException {

    public ForbiddenActionException(String reason) {
        super(reason);
    }
}
