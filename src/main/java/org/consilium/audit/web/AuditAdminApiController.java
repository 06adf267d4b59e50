package org.consilium.audit.web;

import java.time.Instant;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.audit.AuditTrail;
import org.consilium.audit.AuditVerification;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/audit/verification}: checks the whole audit trail now, for an administrator or the local
 * operator ({@code ./consilium audit verify}).
 */
@RestController
class AuditAdminApiController {

    private final AuditTrail trail;

    AuditAdminApiController(AuditTrail trail) {
        this.trail = trail;
    }

    record CheckpointResponse(long row, String headHash, Instant madeAt, String keyId) {
    }

    record VerificationResponse(boolean ok, long rows, long pending, @Nullable CheckpointResponse lastCheckpoint,
            @Nullable Long brokenAt, @Nullable String problem, String summary) {
    }

    @Operation(summary = "Check the audit trail", description = "For administrators and the local operator: checks every audit entry against the keyed chain and every signed checkpoint, and answers the first break and why, if any.")
    @ApiErrors({403})
    @GetMapping("/api/v1/admin/audit/verification")
    VerificationResponse verification() {
        AuditVerification v = trail.verify();
        AuditVerification.Checkpoint c = v.lastCheckpoint();
        return new VerificationResponse(v.ok(), v.chained(), v.pending(),
                c == null ? null : new CheckpointResponse(c.position(), c.headHash(), c.madeAt(), c.keyId()),
                v.brokenAt(), v.problem(), v.summary());
    }
}
