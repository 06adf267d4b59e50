package org.consilium.identity;

import java.util.EnumSet;
import java.util.Set;

/**
 * An account's live grant on a case, as access decisions read it: its reason (none, or one), and for a delegate the
 * rights the patient gave them.
 */
public record LiveGrant(Set<GrantReason> reasons, Set<DelegateRight> rights) {

    public static final LiveGrant NONE = new LiveGrant(Set.of(), Set.of());

    public LiveGrant {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(reasons));
        rights = rights.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(rights));
    }
}
