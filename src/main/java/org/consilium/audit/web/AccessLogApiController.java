package org.consilium.audit.web;

import java.time.Instant;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.audit.AuditTrail;
import org.consilium.audit.CaseAccess;
import org.consilium.identity.AccessScope;
import org.consilium.shared.CaseId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/cases/{id}/access-log}: for the case's patient, who else read the case and when. */
@RestController
class AccessLogApiController {

    private final AuditTrail trail;

    AccessLogApiController(AuditTrail trail) {
        this.trail = trail;
    }

    @Operation(summary = "See who viewed a case", description = "For the case's patient: everyone else who read the case, newest first, from the audit trail; reads by one person within a minute are one visit. letIn marks someone the patient let into the case (their doctor, a caregiver); an opening of the case by emergency access (break-glass) is an entry whose emergency is the reason given.")
    @ApiErrors({403, 404})
    @GetMapping("/api/v1/cases/{id}/access-log")
    List<VisitResponse> accessLog(AccessScope scope, @PathVariable String id) {
        return trail.accessLog(scope, CaseId.parse(id)).stream().map(VisitResponse::of).toList();
    }

    record VisitResponse(Instant at, String who, String role, boolean letIn,
            @org.jspecify.annotations.Nullable String emergency, List<String> what) {

        static VisitResponse of(CaseAccess access) {
            return new VisitResponse(access.at(), access.who(), access.role().name(), access.letIn(),
                    access.emergency(), access.what());
        }
    }
}
