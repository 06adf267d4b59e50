package org.consilium.records;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Ids;

/** Identifies one record of a case. */
public record RecordId(UUID value) {

    public RecordId {
        Objects.requireNonNull(value, "value");
    }

    public static RecordId random() {
        return new RecordId(UUID.randomUUID());
    }

    public static RecordId parse(String text) {
        return new RecordId(Ids.parse(text, "record"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
