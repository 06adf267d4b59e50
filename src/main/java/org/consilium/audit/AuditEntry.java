package org.consilium.audit;

import java.time.Instant;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/** One line of the audit trail: who did what, when, to which case; never PHI beyond ids. */
public record AuditEntry(long sequence, Instant at, @Nullable UserId actorId, @Nullable Role actorRole,
        String action, @Nullable CaseId caseId, @Nullable String detail, String previousHash, String hash) {
}
