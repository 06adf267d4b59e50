package org.consilium.shared;

import java.util.List;

/** The input breaks a rule; each violation names the field it concerns (a 400). */
public final class InvalidInputException extends DomainException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(violations.isEmpty() ? "invalid input" : violations.getFirst().message());
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** One broken rule: the field (as the API names it) and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
