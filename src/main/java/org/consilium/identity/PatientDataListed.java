package org.consilium.identity;

import java.time.Instant;
import java.util.List;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** Someone saw a list of cases; one audit row per case, written together. */
public record PatientDataListed(UserId actorId, Role actorRole, List<CaseId> caseIds, String what, Instant at) {

    public PatientDataListed {
        caseIds = List.copyOf(caseIds);
    }
}
