package org.consilium.matching;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Ids;

/** Identifies a specialist in the directory (not their account). */
public record SpecialistId(UUID value) {

    public SpecialistId {
        Objects.requireNonNull(value, "value");
    }

    public static SpecialistId parse(String text) {
        return new SpecialistId(Ids.parse(text, "specialist"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
