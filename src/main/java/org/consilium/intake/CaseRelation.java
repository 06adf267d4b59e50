package org.consilium.intake;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.consilium.identity.Actor;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;

/**
 * Who acts on one case, and why they may see it: the actor and the reasons of their live grant on it. Built only by
 * intake, from the grants, so no module can claim a relation it does not have.
 */
public final class CaseRelation {

    private final Actor actor;
    private final Set<GrantReason> reasons;

    CaseRelation(Actor actor, Set<GrantReason> reasons) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
    }

    public Actor actor() {
        return actor;
    }

    public boolean is(Role role) {
        return actor.is(role);
    }

    public boolean holds(GrantReason reason) {
        return reasons.contains(reason);
    }

    /** Holds a grant of the reason and has the role that goes with it. */
    boolean holds(GrantReason reason, Role role) {
        return actor.is(role) && reasons.contains(reason);
    }

    public boolean holdsAnyGrant() {
        return !reasons.isEmpty();
    }

    @Override
    public String toString() {
        return actor.role() + " " + actor.id() + " " + reasons;
    }
}
