package org.consilium.intake.web;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseManagement.EmergencyAccess;
import org.consilium.shared.ApiErrors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The medical directors' review of emergency accesses, in the API. */
@RestController
class BreakGlassApiController {

    private final CaseManagement cases;

    BreakGlassApiController(CaseManagement cases) {
        this.cases = cases;
    }

    record EmergencyAccessResponse(String caseId, String reference, String who, String role, String reason,
            Instant openedAt, Instant expiresAt) {

        static EmergencyAccessResponse of(EmergencyAccess a) {
            return new EmergencyAccessResponse(a.caseId().toString(), a.reference(), a.who(), a.role().name(),
                    a.reason(), a.openedAt(), a.expiresAt());
        }
    }

    @Operation(summary = "Review emergency accesses", description = "For medical directors and administrators: the latest 200 emergency (break-glass) openings of cases, newest first, with who, why and until when.")
    @ApiErrors({403})
    @GetMapping("/api/v1/break-glass")
    List<EmergencyAccessResponse> list(AccessScope scope) {
        return cases.emergencyAccesses(scope).stream().map(EmergencyAccessResponse::of).toList();
    }
}
