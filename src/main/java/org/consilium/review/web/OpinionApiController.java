package org.consilium.review.web;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.swagger.v3.oas.annotations.Operation;
import org.consilium.shared.ApiErrors;
import org.consilium.identity.AccessScope;
import org.consilium.platform.ETags;
import org.consilium.review.Opinion;
import org.consilium.review.OpinionDraft;
import org.consilium.review.ReviewManagement;
import org.consilium.review.Signature;
import org.consilium.shared.CaseId;
import org.consilium.shared.NotFoundException;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * The opinion of a case. {@code PUT} answers an {@code ETag}; once a draft exists, a write must send it back in
 * {@code If-Match} (428 without, 412 when stale).
 */
@RestController
@RequestMapping("/api/v1/cases/{id}/opinion")
class OpinionApiController {

    private final ReviewManagement review;

    OpinionApiController(ReviewManagement review) {
        this.review = review;
    }

    record AnswerResponse(String questionId, String text) {
    }

    record SignatureResponse(String contentSha256, String signature, String keyId, String signer, Instant signedAt,
            String authenticationMethod, String verificationCode) {

        static SignatureResponse of(Signature s) {
            return new SignatureResponse(s.contentSha256(), s.signatureBase64(), s.keyId(), s.signerName(),
                    s.signedAt(), s.authenticationMethod(), s.verificationCode());
        }
    }

    record OpinionResponse(String id, String caseId, String status, long version,
            @Nullable String diagnosisAssessment, @Nullable String revisedDiagnosis,
            @Nullable String planRecommendation, @Nullable String recommendedPlan, List<AnswerResponse> answers,
            List<String> furtherTests, @Nullable String patientSummary, @Nullable SignatureResponse signature) {

        static OpinionResponse of(Opinion o) {
            var c = o.content();
            List<AnswerResponse> answers = new ArrayList<>();
            c.answers().forEach((id, text) -> answers.add(new AnswerResponse(id.toString(), text)));
            return new OpinionResponse(o.id().toString(), o.caseId().toString(), o.status().name(), o.version(),
                    c.diagnosisAssessment() == null ? null : c.diagnosisAssessment().name(), c.revisedDiagnosis(),
                    c.planRecommendation() == null ? null : c.planRecommendation().name(), c.recommendedPlan(),
                    answers, c.furtherTests(), c.patientSummary(),
                    o.signature().map(SignatureResponse::of).orElse(null));
        }
    }

    @Operation(summary = "Read the opinion", description = "The reviewer sees the draft; the patient and the case's coordinator see the opinion once it is signed. The ETag is the draft's version.")
    @ApiErrors({404})
    @GetMapping
    ResponseEntity<OpinionResponse> get(AccessScope scope, @PathVariable String id) {
        Opinion opinion = review.opinion(scope, CaseId.parse(id))
                .orElseThrow(() -> new NotFoundException("there is no opinion on this case yet"));
        return withEtag(ResponseEntity.ok(), opinion);
    }

    @Operation(summary = "Save the opinion draft", description = "The reviewing specialist saves the draft; once a draft exists, If-Match with its ETag is required, so two windows never overwrite each other.")
    @ApiErrors({400, 403, 404, 409, 412, 428})
    @PutMapping
    ResponseEntity<OpinionResponse> put(AccessScope scope, @PathVariable String id, @RequestBody OpinionDraft draft,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        Opinion opinion = review.saveDraft(scope, CaseId.parse(id), draft, ETags.version(ifMatch));
        return withEtag(ResponseEntity.ok().location(URI.create("/api/v1/cases/" + id + "/opinion")), opinion);
    }

    @Operation(summary = "Sign the opinion", description = "Signs the draft, which must answer every question, and delivers it to the patient. A signed opinion never changes. Signing needs an authentication at most 5 minutes old (step-up, POST /api/v1/auth/step-up); the signature records how the signer authenticated.")
    @ApiErrors(value = {403, 404, 409}, stepUp = true)
    @PostMapping("/sign")
    ResponseEntity<OpinionResponse> sign(AccessScope scope, @PathVariable String id) {
        return withEtag(ResponseEntity.ok(), review.sign(scope, CaseId.parse(id)));
    }

    private static ResponseEntity<OpinionResponse> withEtag(ResponseEntity.BodyBuilder builder, Opinion opinion) {
        return builder.eTag(ETags.of(opinion.version())).body(OpinionResponse.of(opinion));
    }
}
