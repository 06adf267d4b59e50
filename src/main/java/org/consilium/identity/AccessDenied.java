package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * A caller was refused: a case it may not see, an action it may not take on one, or an endpoint its role may not use
 * (then {@code caseId} is null). The rule that fired goes to the audit trail, never into the response.
 */
public record AccessDenied(@Nullable UserId actorId, @Nullable Role actorRole, @Nullable CaseId caseId, String action,
        String rule, Instant at) {
}
