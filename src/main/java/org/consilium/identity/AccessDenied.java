package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;

/**
 * A caller asked for a case it may not see. The rule that fired goes to the audit trail, never into the response.
 */
public record AccessDenied(UserId actorId, Role actorRole, CaseId caseId, String action, String rule, Instant at) {
}
