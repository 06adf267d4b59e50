package org.consilium.identity;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking, resolved once per request by {@link AccessScopes}. Every façade method that returns or changes patient
 * data takes a scope, so a forgotten check does not compile. The scope holds no grants: what the caller may do with a
 * case is decided per case, from the grants on that case, by the owning module's policy.
 *
 * <p>Only {@code identity} builds scopes, so no module can make one up for an actor it was not given.
 */
public final class AccessScope {

    private final Actor actor;
    private final @Nullable AuthenticationContext authentication;

    AccessScope(Actor actor, @Nullable AuthenticationContext authentication) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.authentication = authentication;
    }

    public Actor actor() {
        return actor;
    }

    /** When and how the caller last proved who they are; null when not known. {@link StepUp} reads it. */
    @Nullable AuthenticationContext authentication() {
        return authentication;
    }

    @Override
    public String toString() {
        return "AccessScope[" + actor.role() + " " + actor.id() + "]";
    }
}
