package org.consilium.intake.web;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.DelegationId;
import org.consilium.identity.Delegations;
import org.consilium.intake.CaseManagement;
import org.consilium.shared.ApiErrors;
import org.consilium.shared.CaseId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The people a patient lets into a case: their doctor, a caregiver. */
@RestController
@RequestMapping("/api/v1/cases/{id}/delegates")
class DelegateApiController {

    private final CaseManagement cases;

    DelegateApiController(CaseManagement cases) {
        this.cases = cases;
    }

    record DelegateRequest(@Nullable String email, @Nullable String displayName, @Nullable String kind,
            @Nullable List<String> rights) {
    }

    record DelegateResponse(String id, String email, String displayName, String kind, List<String> rights,
            Instant invitedAt, @Nullable Instant revokedAt) {

        static DelegateResponse of(Delegations.Delegate d) {
            return new DelegateResponse(d.id().toString(), d.email(), d.displayName(), d.kind().name(),
                    d.rights().stream().sorted().map(DelegateRight::stored).toList(), d.invitedAt(), d.revokedAt());
        }
    }

    @Operation(summary = "List the people let into the case", description = "For the case's patient: everyone they let in, with who they are (REFERRING_PHYSICIAN or CAREGIVER) and their rights, newest first; ended ones carry revokedAt.")
    @ApiErrors({403, 404})
    @GetMapping
    List<DelegateResponse> list(AccessScope scope, @PathVariable String id) {
        return cases.delegates(scope, CaseId.parse(id)).stream().map(DelegateResponse::of).toList();
    }

    @Operation(summary = "Let someone into the case", description = "For the case's patient: invites their local doctor (kind REFERRING_PHYSICIAN) or a caregiver (CAREGIVER) by e-mail, with rights beyond viewing the case, its records and timeline, which every delegate has: upload-records, read-report (the signed opinion), message, withdraw. The address is mailed a link to choose a password when it has no account, or told the case was shared when it has one; the answer is the same either way. Inviting someone again replaces their rights. Not for a discarded draft or a case withdrawn or declined (409), nor for someone of the case's care team (409).")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping
    ResponseEntity<DelegateResponse> invite(AccessScope scope, @PathVariable String id,
            @RequestBody DelegateRequest request) {
        CaseId caseId = CaseId.parse(id);
        DelegationId delegation = cases.inviteDelegate(scope, caseId, Delegations.Invitation.parse(request.email(),
                request.displayName(), request.kind(), request.rights()));
        Delegations.Delegate made = cases.delegates(scope, caseId).stream()
                .filter(d -> d.id().equals(delegation)).findFirst().orElseThrow();
        return ResponseEntity.created(URI.create("/api/v1/cases/" + caseId + "/delegates/" + delegation))
                .body(DelegateResponse.of(made));
    }

    @Operation(summary = "End someone's access to the case", description = "For the case's patient: the delegate loses access from their next request; the delegation stays listed as ended. An unknown or already ended one answers 404.")
    @ApiErrors({403, 404})
    @PostMapping("/{delegateId}/revocation")
    ResponseEntity<Void> revoke(AccessScope scope, @PathVariable String id, @PathVariable String delegateId) {
        cases.revokeDelegate(scope, CaseId.parse(id), DelegationId.parse(delegateId));
        return ResponseEntity.noContent().build();
    }
}
