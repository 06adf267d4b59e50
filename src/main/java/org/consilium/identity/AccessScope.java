package org.consilium.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.consilium.shared.CaseId;

/**
 * What one caller may see, resolved once per request. Every query that returns patient data takes a scope, so a
 * forgotten check does not compile. A case is visible through a grant, or to coordinators while it sits unclaimed in
 * the triage pool.
 */
public record AccessScope(Actor actor, Map<CaseId, Set<GrantReason>> grants) {

    public AccessScope {
        Objects.requireNonNull(actor, "actor");
        grants = Map.copyOf(grants);
    }

    /** Coordinators see every submitted case that no coordinator has claimed yet. */
    public boolean seesTriagePool() {
        return actor.is(Role.COORDINATOR);
    }

    public boolean holds(CaseId caseId, GrantReason reason) {
        return grants.getOrDefault(caseId, Set.of()).contains(reason);
    }

    public Set<GrantReason> reasonsFor(CaseId caseId) {
        Set<GrantReason> reasons = grants.get(caseId);
        return reasons == null ? EnumSet.noneOf(GrantReason.class) : EnumSet.copyOf(reasons);
    }

    /**
     * Whether the caller may read the case's full content: its patient, the coordinator who claimed it, or the
     * specialist who accepted it. An offered specialist or the triage pool sees less.
     */
    public boolean onCareTeam(CaseId caseId) {
        Set<GrantReason> reasons = grants.getOrDefault(caseId, Set.of());
        return reasons.contains(GrantReason.OWNER) || reasons.contains(GrantReason.COORDINATOR)
                || reasons.contains(GrantReason.ASSIGNED);
    }

    public boolean hasGrantFor(CaseId caseId) {
        return grants.containsKey(caseId);
    }

    /** The granted case ids as plain UUIDs, for a SQL {@code = any(?)}. */
    public UUID[] grantedCaseIds() {
        Collection<CaseId> ids = grants.keySet();
        return ids.stream().map(CaseId::value).toArray(UUID[]::new);
    }
}
