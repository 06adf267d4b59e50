package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** A record was voided, with a reason; it stays listed, marked voided, and nothing of it is deleted. */
public record RecordVoided(CaseId caseId, RecordId recordId, String reason, UserId actorId, Role actorRole,
        Instant at) {
}
