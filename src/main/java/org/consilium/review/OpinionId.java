package org.consilium.review;

import java.util.Objects;
import java.util.UUID;

/** Identifies one opinion. */
public record OpinionId(UUID value) {

    public OpinionId {
        Objects.requireNonNull(value, "value");
    }

    public static OpinionId random() {
        return new OpinionId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
