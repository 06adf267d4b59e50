package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** A record was given another category; the old one stays in the record's history. */
public record RecordRecategorised(CaseId caseId, RecordId recordId, RecordCategory from, RecordCategory to,
        UserId actorId, Role actorRole, Instant at) {
}
