package org.consilium.shared;

/**
 * A refusal by the domain, always with a reason a person can read. Subtypes say what kind of refusal it is, and the
 * web layer maps each kind to its HTTP status and problem type.
 */
public abstract sealed class DomainException extends RuntimeException
        permits NotFoundException, IllegalTransitionException, ForbiddenActionException, InvalidInputException,
        VersionConflictException, TooManyUnderWayException, StorageFullException, ResumableUploadException {

    protected DomainException(String reason) {
        super(reason);
    }

    /** The reason, in words fit to show to the person who asked. */
    public String reason() {
        return getMessage();
    }
}
