package org.consilium.matching;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Check;
import org.consilium.shared.Ids;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** Identifies a specialist in the directory (not their account). */
public record SpecialistId(UUID value) {

    public SpecialistId {
        Objects.requireNonNull(value, "value");
    }

    public static SpecialistId parse(String text) {
        return new SpecialistId(Ids.parse(text, "specialist"));
    }

    /**
     * A specialist id as a client sent it in a body or form: null when blank, a 400 on {@code specialistId} when it
     * cannot be an id.
     */
    public static @Nullable SpecialistId fromInput(@Nullable String text) {
        String value = Check.trimToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return new SpecialistId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("specialistId", "no specialist has this id");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
