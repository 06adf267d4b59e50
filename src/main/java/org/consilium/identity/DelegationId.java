package org.consilium.identity;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Ids;

/** A patient's delegation of a case to someone they let in. */
public record DelegationId(UUID value) {

    public DelegationId {
        Objects.requireNonNull(value, "value");
    }

    /** @throws org.consilium.shared.NotFoundException for text that is not an id, as for an unknown one */
    public static DelegationId parse(String text) {
        return new DelegationId(Ids.parse(text, "delegate"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
