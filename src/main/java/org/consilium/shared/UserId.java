package org.consilium.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one account: patient, coordinator, specialist or staff. */
public record UserId(UUID value) implements java.io.Serializable {

    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
