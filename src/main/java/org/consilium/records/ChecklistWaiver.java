package org.consilium.records;

import java.time.Instant;
import java.util.UUID;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A coordinator's word that a case can do without one item of its records checklist, with the reason. Withdrawing it
 * stamps who withdrew it and when; it is never deleted.
 */
public record ChecklistWaiver(UUID id, CaseId caseId, String itemKey, String reason, UserId waivedBy,
        Role waivedByRole, Instant waivedAt, @Nullable UserId withdrawnBy, @Nullable Role withdrawnByRole,
        @Nullable Instant withdrawnAt) {

    /** Whether the waiver still counts: it was not withdrawn. */
    public boolean live() {
        return withdrawnAt == null;
    }
}
