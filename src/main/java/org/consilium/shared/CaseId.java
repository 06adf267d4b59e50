package org.consilium.shared;

import java.util.Objects;
import java.util.UUID;

/** Identifies one second-opinion case. */
public record CaseId(UUID value) {

    public CaseId {
        Objects.requireNonNull(value, "value");
    }

    public static CaseId random() {
        return new CaseId(UUID.randomUUID());
    }

    /** Parses a case id, answering "not found" for text that is not a UUID so ids cannot be probed by shape. */
    public static CaseId parse(String text) {
        return new CaseId(Ids.parse(text, "case"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
