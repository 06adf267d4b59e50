package org.consilium.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.consilium.identity.Role;

/**
 * One visit of someone other than the patient to a case's data, as the patient's access log shows it.
 *
 * @param letIn whether the visitor is someone the patient let into the case (their doctor, a caregiver)
 * @param emergency for an opening of the case by emergency access (break-glass), the reason given; null for a visit
 */
public record CaseAccess(Instant at, String who, Role role, boolean letIn, @Nullable String emergency,
        List<String> what) {

    public CaseAccess {
        what = List.copyOf(what);
    }
}
