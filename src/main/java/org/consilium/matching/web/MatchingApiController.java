package org.consilium.matching.web;

import java.time.Instant;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.AccessScope;
import org.consilium.intake.AllowedActions;
import org.consilium.intake.CaseView;
import org.consilium.matching.MatchingManagement;
import org.consilium.matching.Offer;
import org.consilium.matching.Specialist;
import org.consilium.matching.SpecialistId;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.Specialty;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The specialist directory, and offering a case to a specialist and answering the offer. */
@RestController
class MatchingApiController {

    private final MatchingManagement matching;
    private final AllowedActions allowedActions;

    MatchingApiController(MatchingManagement matching, AllowedActions allowedActions) {
        this.matching = matching;
        this.allowedActions = allowedActions;
    }

    record SpecialistResponse(String id, String name, String title, String center, String city,
            List<String> specialties, List<String> languages) {

        static SpecialistResponse of(Specialist s) {
            return new SpecialistResponse(s.id().toString(), s.displayName(), s.title(), s.centerName(),
                    s.centerCity(), s.specialties().stream().map(Enum::name).sorted().toList(), s.languages());
        }
    }

    record OfferRequest(@Nullable String specialistId) {
    }

    record ReasonRequest(@Nullable String reason) {
    }

    record CaseStatusResponse(String id, String reference, String status, List<String> allowedActions) {
    }

    private CaseStatusResponse response(AccessScope scope, CaseView c) {
        return new CaseStatusResponse(c.id().toString(), c.reference(), c.status().name(),
                allowedActions.of(scope, c));
    }

    record OfferResponse(String specialistId, String specialistName, Instant offeredAt, @Nullable Instant answeredAt,
            @Nullable String outcome, @Nullable String declineReason) {

        static OfferResponse of(Offer o) {
            return new OfferResponse(o.specialistId().toString(), o.specialistName(), o.offeredAt(),
                    o.answeredAt(), o.outcome() == null ? null : o.outcome().name(), o.declineReason());
        }
    }

    @Operation(summary = "List specialists", description = "The specialist directory, optionally only those who practise a specialty. Holds no patient data.")
    @ApiErrors({400})
    @GetMapping("/api/v1/specialists")
    List<SpecialistResponse> specialists(AccessScope scope,
            @RequestParam(name = "specialty", required = false) @Nullable String specialty) {
        Check check = new Check();
        Specialty filter = check.oneOf("specialty", specialty, Specialty.class, false);
        check.orThrow();
        return matching.directory(filter).stream().map(SpecialistResponse::of).toList();
    }

    @Operation(summary = "Offer a case to a specialist", description = "The case's coordinator offers a case ready for matching to a specialist who practises its specialty; the specialist may then see what they need to decide.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/api/v1/cases/{id}/offers")
    CaseStatusResponse offer(AccessScope scope, @PathVariable String id, @RequestBody OfferRequest request) {
        CaseId caseId = CaseId.parse(id);
        return response(scope, matching.offer(scope, caseId, SpecialistId.fromInput(request.specialistId())));
    }

    @Operation(summary = "List a case's offers", description = "For the case's coordinator: every offer of the case and its answer, with the specialists' reasons for declining.")
    @ApiErrors({403, 404})
    @GetMapping("/api/v1/cases/{id}/offers")
    List<OfferResponse> offers(AccessScope scope, @PathVariable String id) {
        return matching.offers(scope, CaseId.parse(id)).stream().map(OfferResponse::of).toList();
    }

    @Operation(summary = "Accept an offered case", description = "The specialist the case is offered to takes it on, and may then read its records and write the opinion.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/api/v1/cases/{id}/accept")
    CaseStatusResponse accept(AccessScope scope, @PathVariable String id) {
        return response(scope, matching.accept(scope, CaseId.parse(id)));
    }

    @Operation(summary = "Decline an offered case", description = "The specialist the case is offered to turns it down with a reason (for the coordinator); the case goes back to matching.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/api/v1/cases/{id}/decline")
    CaseStatusResponse decline(AccessScope scope, @PathVariable String id,
            @RequestBody(required = false) @Nullable ReasonRequest request) {
        return response(scope, matching.decline(scope, CaseId.parse(id),
                request == null ? null : request.reason()));
    }
}
