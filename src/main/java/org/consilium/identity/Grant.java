package org.consilium.identity;

import java.time.Instant;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One grant as history keeps it: who got access to which case and why, who gave it and when, until when, and who ended
 * it. Grants are never deleted or rewritten; a new grant is a new row.
 */
public record Grant(UserId account, CaseId caseId, GrantReason reason, Instant grantedAt, UserId grantedBy,
        @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable UserId revokedBy) {

    public boolean liveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
