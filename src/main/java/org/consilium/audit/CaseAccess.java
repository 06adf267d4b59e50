package org.consilium.audit;

import java.time.Instant;
import java.util.List;
import org.consilium.identity.Role;

/** One visit of someone other than the patient to a case's data, as the patient's access log shows it. */
public record CaseAccess(Instant at, String who, Role role, List<String> what) {

    public CaseAccess {
        what = List.copyOf(what);
    }
}
