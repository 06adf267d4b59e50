package org.consilium.intake;

import java.util.Objects;
import java.util.UUID;

/** Identifies one of a case's questions. */
public record QuestionId(UUID value) {

    public QuestionId {
        Objects.requireNonNull(value, "value");
    }

    public static QuestionId random() {
        return new QuestionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
