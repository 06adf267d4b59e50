package org.consilium.intake;

import java.util.Objects;
import java.util.Set;
import org.consilium.identity.Actor;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.GrantReason;
import org.consilium.identity.LiveGrant;
import org.consilium.identity.Role;

/**
 * Who acts on one case, and why they may see it: the actor and the reasons of their live grant on it. Built only by
 * intake, from the grants, so no module can claim a relation it does not have.
 */
public final class CaseRelation {

    private final Actor actor;
    private final Set<GrantReason> reasons;
    private final Set<DelegateRight> rights;

    CaseRelation(Actor actor, Set<GrantReason> reasons) {
        this(actor, new LiveGrant(reasons, Set.of()));
    }

    CaseRelation(Actor actor, LiveGrant grant) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.reasons = grant.reasons();
        this.rights = grant.reasons().contains(GrantReason.DELEGATE) ? grant.rights() : Set.of();
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

    /** Someone the patient let in, with this right among those the patient gave them. */
    public boolean delegated(DelegateRight right) {
        return rights.contains(right);
    }

    public boolean holdsAnyGrant() {
        return !reasons.isEmpty();
    }

    @Override
    public String toString() {
        return actor.role() + " " + actor.id() + " " + reasons + (rights.isEmpty() ? "" : " " + rights);
    }
}
