package org.consilium.records;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/**
 * The case's coordinator waived an item of its records checklist, with a reason (kept in
 * {@code records_checklist_waivers}; the event names the item only, never the reason's words).
 */
public record ChecklistItemWaived(CaseId caseId, String itemKey, UserId actorId, Role actorRole, Instant at) {
}
