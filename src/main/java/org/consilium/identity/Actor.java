package org.consilium.identity;

import java.util.Objects;
import org.consilium.shared.UserId;

/** The signed-in person on whose behalf an action is taken. */
public record Actor(UserId id, Role role, String displayName) {

    public Actor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(displayName, "displayName");
    }

    public boolean is(Role expected) {
        return role == expected;
    }
}
