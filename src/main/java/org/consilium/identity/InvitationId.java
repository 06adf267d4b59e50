package org.consilium.identity;

import java.util.Objects;
import java.util.UUID;
import org.consilium.shared.Ids;

/** Identifies an invitation to join as staff (not the account made for it, which a taken address never gets). */
public record InvitationId(UUID value) {

    public InvitationId {
        Objects.requireNonNull(value, "value");
    }

    public static InvitationId parse(String text) {
        return new InvitationId(Ids.parse(text, "invitation"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
