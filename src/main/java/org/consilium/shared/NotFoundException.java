package org.consilium.shared;

/**
 * The thing does not exist, or the caller may not know that it exists. Both answer the same, so ids cannot be
 * probed.
 */
public final class NotFoundException extends DomainException {

    public NotFoundException(String reason) {
        super(reason);
    }
}
