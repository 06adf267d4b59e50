package org.consilium.identity;

import java.util.Objects;
import org.consilium.shared.UserId;

/**
 * The signed-in person on whose behalf an action is taken.
 *
 * @param emailVerified whether they proved their e-mail address is theirs; a patient must have before submitting a
 *     case, so that the service can reach them about it
 */
public record Actor(UserId id, Role role, String displayName, boolean emailVerified) implements java.io.Serializable {

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(displayName, "displayName");
    }

    public boolean is(Role expected) {
        return role == expected;
    }
}
