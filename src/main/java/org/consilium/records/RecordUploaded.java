package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** A record was added to a case. */
public record RecordUploaded(CaseId caseId, RecordId recordId, RecordCategory category, String sha256,
        UserId actorId, Role actorRole, Instant at) {
}
