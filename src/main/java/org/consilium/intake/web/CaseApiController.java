package org.consilium.intake.web;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.AccessScope;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CasePage;
import org.consilium.intake.CaseSummary;
import org.consilium.intake.CaseTransition;
import org.consilium.intake.OpenCase;
import org.consilium.intake.AllowedActions;
import org.consilium.intake.CaseView;
import org.consilium.platform.ETags;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Cases and their lifecycle over JSON. */
@RestController
@RequestMapping("/api/v1/cases")
class CaseApiController {

    private final CaseManagement cases;
    private final AllowedActions allowedActions;

    CaseApiController(CaseManagement cases, AllowedActions allowedActions) {
        this.cases = cases;
        this.allowedActions = allowedActions;
    }

    record OpenCaseRequest(@Nullable String diagnosis, @Nullable String icd10Code, @Nullable String cancerType,
            @Nullable String stage, @Nullable String biomarkers, @Nullable String treatmentSoFar,
            @Nullable String proposedPlan, @Nullable String specialty, @Nullable String urgency,
            @Nullable String decisionDeadline, @Nullable List<OpenCase.RawQuestion> questions,
            @Nullable String forWhom, @Nullable String patientName, @Nullable String patientBirthDate,
            @Nullable String relationship) {
    }

    /** Who the patient is when the account holder acts for them. */
    record ProxyResponse(String patientName, LocalDate patientBirthDate, String relationship) {
    }

    record QuestionResponse(String id, String kind, String text) {
    }

    /** A case opened for someone else, without naming them: for callers who may not know who the patient is. */
    record ForSomeoneElse(String relationship, int patientAge) {
    }

    record CaseResponse(String id, String reference, String status, String diagnosis, @Nullable String icd10Code,
            @Nullable String cancerType, @Nullable String stage, @Nullable String biomarkers,
            @Nullable String treatmentSoFar, @Nullable String proposedPlan, String specialty, String urgency,
            @Nullable LocalDate decisionDeadline, List<QuestionResponse> questions, Instant openedAt,
            @Nullable Instant submittedAt, @Nullable String declineReason, @Nullable ForSomeoneElse forSomeoneElse,
            @Nullable ProxyResponse proxy, long version, List<String> allowedActions) {
    }

    private CaseResponse response(AccessScope scope, CaseView c) {
        var d = c.details();
        return new CaseResponse(c.id().toString(), c.reference(), c.status().name(), d.diagnosis(),
                d.icd10Code(), d.cancerType(), d.stage(), d.biomarkers(), d.treatmentSoFar(), d.proposedPlan(),
                d.specialty().name(), d.urgency().name(), d.decisionDeadline(),
                c.questions().stream()
                        .map(q -> new QuestionResponse(q.id().toString(), q.kind().name(), q.text()))
                        .toList(),
                c.openedAt(), c.submittedAt().orElse(null), c.declineReason().orElse(null),
                c.proxySummary().map(p -> new ForSomeoneElse(p.relationship().name(), p.patientAge())).orElse(null),
                d.proxy() == null ? null : new ProxyResponse(d.proxy().patientName(),
                        d.proxy().patientBirthDate(), d.proxy().relationship().name()),
                c.version(), allowedActions.of(scope, c));
    }

    record CaseListItem(String id, String reference, String status, String diagnosis, String specialty,
            String urgency, Instant openedAt, @Nullable Instant submittedAt, Instant updatedAt) {

        static CaseListItem of(CaseSummary s) {
            return new CaseListItem(s.id().toString(), s.reference(), s.status().name(), s.diagnosis(),
                    s.specialty().name(), s.urgency().name(), s.openedAt(), s.submittedAt(), s.updatedAt());
        }
    }

    record CaseList(List<CaseListItem> items, @Nullable String nextCursor) {
    }

    record TriageRequest(@Nullable String decision, @Nullable String reason) {
    }

    record ReasonRequest(@Nullable String reason) {
    }

    record SpecialtyRequest(@Nullable String specialty, @Nullable String reason) {
    }

    record TimelineEntry(Instant at, String event, String actorRole, String status, @Nullable String note) {

        static TimelineEntry of(CaseTransition t) {
            return new TimelineEntry(t.at(), t.event(), t.actorRole().name(), t.status().name(), t.note());
        }
    }

    private static OpenCase parse(OpenCaseRequest request) {
        return OpenCase.parse(request.diagnosis(), request.icd10Code(), request.cancerType(),
                request.stage(), request.biomarkers(), request.treatmentSoFar(), request.proposedPlan(),
                request.specialty(), request.urgency(), request.decisionDeadline(), request.questions(),
                new OpenCase.RawProxy(request.forWhom(), request.patientName(), request.patientBirthDate(),
                        request.relationship()));
    }

    @Operation(summary = "Open a case", description = "Opens a draft case for the caller (a patient), for themselves or for someone they act for, with the questions to answer. The answer carries the case with its `allowedActions`, and its version as the `ETag`.")
    @ApiErrors({400, 403})
    @PostMapping
    ResponseEntity<CaseResponse> open(AccessScope scope, @RequestBody OpenCaseRequest request) {
        CaseView opened = cases.open(scope, parse(request));
        return ResponseEntity.created(URI.create("/api/v1/cases/" + opened.id())).eTag(ETags.of(opened.version()))
                .body(response(scope, opened));
    }

    /**
     * Replaces a draft's details and questions; the body is the same as opening it. Needs {@code If-Match} with the
     * case's ETag (428 without, 412 when stale), so two windows never overwrite each other.
     */
    @Operation(summary = "Edit a draft case", description = "The patient replaces the details and questions of their draft; the body is the same as opening a case. `If-Match` with the case's ETag is required (428 without it, 412 when stale), so two windows never overwrite each other. A question keeps its id where it keeps its place.")
    @ApiErrors({400, 403, 404, 409, 412, 428})
    @PutMapping("/{id}")
    ResponseEntity<CaseResponse> edit(AccessScope scope, @PathVariable String id,
            @RequestBody OpenCaseRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        CaseId caseId = CaseId.parse(id);
        CaseView edited = cases.editDraft(scope, caseId, parse(request), ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(edited.version())).body(response(scope, edited));
    }

    @Operation(summary = "Discard a draft case", description = "The patient gives up their draft. Nothing is deleted: the case becomes `DISCARDED` and keeps its records, timeline and audit trail, but case lists leave it out unless asked for with `discarded=true`.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/{id}/discard")
    CaseResponse discard(AccessScope scope, @PathVariable String id) {
        return response(scope, cases.discard(scope, CaseId.parse(id)));
    }

    @Operation(summary = "Change a case's specialty", description = "A coordinator (the case's, or any while the case is in the triage pool) gives the case another specialty, with a reason the timeline shows, from submission until the case is offered. A case whose patient was not sure (`UNSURE`) is offered only once its specialty is chosen.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/{id}/specialty")
    CaseResponse changeSpecialty(AccessScope scope, @PathVariable String id, @RequestBody SpecialtyRequest request) {
        return response(scope, cases.changeSpecialty(scope, CaseId.parse(id), request.specialty(),
                request.reason()));
    }

    /**
     * Cursor-paginated: pass {@code nextCursor} back as {@code cursor} for the next page. Discarded drafts only with
     * {@code discarded=true}.
     */
    @Operation(summary = "List the caller's cases", description = "The cases the caller may see, most recently active first, in cursor pages: pass `nextCursor` back as `cursor`. Coordinators also see the triage pool. Discarded drafts are listed only with `discarded=true`.")
    @ApiErrors({400})
    @GetMapping
    CaseList list(AccessScope scope, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false, defaultValue = "false") boolean discarded) {
        CasePage page = cases.list(scope, CasePage.Cursor.decode(cursor), CasePage.limit(limit), discarded);
        return new CaseList(page.items().stream().map(CaseListItem::of).toList(), page.nextCursor());
    }

    @Operation(summary = "Read a case", description = "The case as the caller may see it, with the actions the caller may take now (`allowedActions`) and its version as the `ETag`. A case the caller may not see answers 404, like a missing one.")
    @ApiErrors({404})
    @GetMapping("/{id}")
    ResponseEntity<CaseResponse> get(AccessScope scope, @PathVariable String id) {
        CaseView found = cases.find(scope, CaseId.parse(id));
        return ResponseEntity.ok().eTag(ETags.of(found.version())).body(response(scope, found));
    }

    record BreakGlassRequest(@Nullable String reason) {
    }

    @Operation(summary = "Open a case by emergency access", description = "Break-glass, for a medical director or an administrator: opens a case outside the caller's grants, read-only, for 60 minutes (operators may change it), and answers it. A reason is required; it is audited and shown to the patient in their access log and to the medical directors (GET /api/v1/break-glass). Needs an authentication at most 5 minutes old (step-up). Any other role: 403, whether or not the case exists. A caller who can see the case already: 409.")
    @ApiErrors(value = {400, 403, 404, 409}, stepUp = true)
    @PostMapping("/{id}/break-glass")
    ResponseEntity<CaseResponse> breakGlass(AccessScope scope, @PathVariable String id,
            @RequestBody BreakGlassRequest request) {
        CaseView opened = cases.breakGlass(scope, CaseId.parse(id), request.reason());
        return ResponseEntity.ok().eTag(ETags.of(opened.version())).body(response(scope, opened));
    }

    @Operation(summary = "Read a case's timeline", description = "Every status change of the case, oldest first, with time, actor role and reason.")
    @ApiErrors({404})
    @GetMapping("/{id}/timeline")
    List<TimelineEntry> timeline(AccessScope scope, @PathVariable String id) {
        return cases.timeline(scope, CaseId.parse(id)).stream().map(TimelineEntry::of).toList();
    }

    @Operation(summary = "Submit a draft case", description = "The patient sends the draft to the service; a coordinator then triages it.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/{id}/submit")
    CaseResponse submit(AccessScope scope, @PathVariable String id) {
        return response(scope, cases.submit(scope, CaseId.parse(id)));
    }

    @Operation(summary = "Accept or decline a case at triage", description = "A coordinator claims a submitted case from the triage pool (`ACCEPT`) or declines it with a reason (`DECLINE`).")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/{id}/triage")
    CaseResponse triage(AccessScope scope, @PathVariable String id, @RequestBody TriageRequest request) {
        CaseId caseId = CaseId.parse(id);
        Check check = new Check();
        Decision decision = check.oneOf("decision", request.decision(), Decision.class, true);
        check.orThrow();
        return response(scope, switch (decision) {
            case ACCEPT -> cases.acceptAtTriage(scope, caseId);
            case DECLINE -> cases.declineCase(scope, caseId, request.reason());
        });
    }

    enum Decision {
        ACCEPT,
        DECLINE
    }

    @Operation(summary = "Mark the records complete", description = "The case's coordinator judges the records complete; the case becomes ready for matching.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/{id}/records-complete")
    CaseResponse recordsComplete(AccessScope scope, @PathVariable String id) {
        return response(scope, cases.completeRecords(scope, CaseId.parse(id)));
    }

    @Operation(summary = "Withdraw a case", description = "The patient withdraws the case, with an optional reason, at any time before the opinion is delivered. Specialists lose access to it.")
    @ApiErrors({400, 403, 404, 409})
    @PostMapping("/{id}/withdraw")
    CaseResponse withdraw(AccessScope scope, @PathVariable String id,
            @RequestBody(required = false) @Nullable ReasonRequest request) {
        return response(scope, cases.withdraw(scope, CaseId.parse(id), request == null ? null : request.reason()));
    }

    @Operation(summary = "Close a delivered case", description = "The case's coordinator closes a case whose opinion was delivered.")
    @ApiErrors({403, 404, 409})
    @PostMapping("/{id}/close")
    CaseResponse close(AccessScope scope, @PathVariable String id) {
        return response(scope, cases.close(scope, CaseId.parse(id)));
    }
}
