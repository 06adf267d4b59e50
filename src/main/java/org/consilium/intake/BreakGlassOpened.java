package org.consilium.intake;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/**
 * A medical director or an administrator opened a case by emergency access, with a reason, until a time. On the audit
 * trail, in the patient's access log and in the medical directors' review of emergency accesses.
 */
public record BreakGlassOpened(CaseId caseId, UserId actorId, Role actorRole, String reason, Instant at,
        Instant until) {
}
