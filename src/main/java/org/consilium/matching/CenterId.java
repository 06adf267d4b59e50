package org.consilium.matching;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Check;
import org.consilium.shared.Ids;
import org.consilium.shared.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** Identifies an expert center in the directory. */
public record CenterId(UUID value) {

    public CenterId {
        Objects.requireNonNull(value, "value");
    }

    public static CenterId parse(String text) {
        return new CenterId(Ids.parse(text, "center"));
    }

    /** A center id as a client sent it in a body or form: a 400 on {@code centerId} when missing or malformed. */
    public static CenterId fromInput(@Nullable String text) {
        String value = Check.trimToNull(text);
        if (value == null) {
            throw new InvalidInputException("centerId", "choose the specialist's center");
        }
        try {
            return new CenterId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("centerId", "no center has this id");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
