package org.consilium.shared;

/**
 * A policy's answer to "may this actor do this?": allowed, or refused with a reason a person can read and the kind of
 * refusal, which decides the answer the caller gets.
 */
public sealed interface Decision {

    Decision ALLOWED = new Allowed();

    static Decision allowed() {
        return ALLOWED;
    }

    /** The caller may not know the thing exists: answered as not found (404), and audited with the rule. */
    static Decision notVisible(String rule) {
        return new Refused(Refusal.NOT_VISIBLE, rule);
    }

    /** The caller sees the thing, but its role or relation to it may not take this action (403). */
    static Decision forbidden(String reason) {
        return new Refused(Refusal.FORBIDDEN, reason);
    }

    /** The caller may take this action, but not in the thing's current state (409). */
    static Decision wrongState(String reason) {
        return new Refused(Refusal.WRONG_STATE, reason);
    }

    default boolean isAllowed() {
        return this instanceof Allowed;
    }

    /** Throws the refusal as the domain exception that carries it; does nothing when allowed. */
    default void orThrow() {
        if (this instanceof Refused refused) {
            throw refused.exception();
        }
    }

    /** The first refusal of the two, or allowed when both allow. */
    default Decision and(java.util.function.Supplier<Decision> next) {
        return isAllowed() ? next.get() : this;
    }

    record Allowed() implements Decision {
    }

    record Refused(Refusal refusal, String reason) implements Decision {

        public DomainException exception() {
            return switch (refusal) {
                case NOT_VISIBLE -> new NotFoundException("case not found");
                case FORBIDDEN -> new ForbiddenActionException(reason);
                case WRONG_STATE -> new IllegalTransitionException(reason);
            };
        }
    }

    enum Refusal {
        NOT_VISIBLE, FORBIDDEN, WRONG_STATE
    }
}
