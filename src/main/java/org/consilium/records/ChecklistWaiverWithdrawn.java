package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/** The case's coordinator withdrew the waiver of a checklist item: the item is needed again. */
public record ChecklistWaiverWithdrawn(CaseId caseId, String itemKey, UserId actorId, Role actorRole, Instant at) {
}
