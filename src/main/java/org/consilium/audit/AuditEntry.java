package org.consilium.audit;

import java.time.Instant;
import java.util.List;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One line of the audit trail: who did what, when, to which case, with what outcome and, for a refusal, the rule that
 * fired; from which address and client. Never PHI beyond ids.
 *
 * @param id the entry's number, in the order entries were written
 * @param outcome {@code OK}, {@code DENIED} (a refusal) or {@code FAILED} (a failed sign-in)
 * @param listedCases for a page of a case list, every case it showed (one entry for the page); otherwise empty
 */
public record AuditEntry(long id, Instant at, @Nullable UserId actorId, @Nullable Role actorRole,
        @Nullable UserId onBehalfOf, String action, @Nullable CaseId caseId, String outcome, @Nullable String rule,
        @Nullable String detail, @Nullable String clientAddress, @Nullable String userAgent,
        List<CaseId> listedCases) {

    public AuditEntry {
        listedCases = List.copyOf(listedCases);
    }

    /** An entry that lists no cases. */
    public AuditEntry(long id, Instant at, @Nullable UserId actorId, @Nullable Role actorRole,
            @Nullable UserId onBehalfOf, String action, @Nullable CaseId caseId, String outcome, @Nullable String rule,
            @Nullable String detail, @Nullable String clientAddress, @Nullable String userAgent) {
        this(id, at, actorId, actorRole, onBehalfOf, action, caseId, outcome, rule, detail, clientAddress, userAgent,
                List.of());
    }
}
