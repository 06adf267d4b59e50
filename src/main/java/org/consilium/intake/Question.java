package org.consilium.intake;

import java.util.Objects;

/** One question the patient wants the specialist to answer. */
public record Question(QuestionId id, QuestionKind kind, String text) {

    public static final int MAX_TEXT = 2000;

    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
