package org.consilium.review;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.StepUp;
import org.consilium.identity.StepUpRequiredException;
import org.consilium.identity.Actor;
import org.consilium.identity.CaseVisibility;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.review.OpinionPolicy.OpinionAction;
import org.consilium.intake.Question;
import org.consilium.review.internal.CanonicalJson;
import org.consilium.review.internal.OpinionSigner;
import org.consilium.review.internal.OpinionStore;
import org.consilium.shared.CaseId;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.ExpectedVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The review module's API: write, sign and read a case's opinion. */
@Service
public class ReviewManagement {

    private final CaseManagement cases;
    private final OpinionStore opinions;
    private final OpinionSigner signer;
    private final CaseVisibility visibility;
    private final ApplicationEventPublisher events;
    private final StepUp stepUp;
    private final Clock clock;

    ReviewManagement(CaseManagement cases, OpinionStore opinions, OpinionSigner signer, CaseVisibility visibility,
            ApplicationEventPublisher events, StepUp stepUp, Clock clock) {
        this.stepUp = stepUp;
        this.cases = cases;
        this.opinions = opinions;
        this.signer = signer;
        this.visibility = visibility;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Saves the reviewing specialist's draft. {@code expectedVersion} is the version the writer last saw: required
     * once a draft exists, so two tabs cannot silently overwrite each other.
     */
    @Transactional
    public Opinion saveDraft(AccessScope scope, CaseId caseId, OpinionDraft draft, @Nullable Long expectedVersion) {
        CaseView c = reviewable(scope, caseId, OpinionAction.WRITE);
        Opinion opinion = opinions.findByCase(caseId).orElseGet(() -> Opinion.start(caseId, scope.actor()));
        new ExpectedVersion(expectedVersion).check("draft", opinion.version());
        opinion.revise(scope.actor(), draft.toContent(c.questions()));
        Instant now = clock.instant();
        opinion.savedAs(opinions.save(opinion, now));
        events.publishEvent(new OpinionDraftSaved(caseId, opinion.id(), opinion.version(), scope.actor().id(),
                scope.actor().role(), now));
        return opinion;
    }

    /**
     * Signs the opinion, which needs an answer to every question, and delivers it to the patient. Its author must have
     * proved who they are within the last few minutes ({@link StepUp}); the signature records how.
     *
     * @throws StepUpRequiredException when they did so longer ago
     */
    @Transactional
    public Opinion sign(AccessScope scope, CaseId caseId) {
        CaseView c = reviewable(scope, caseId, OpinionAction.SIGN);
        Opinion opinion = opinions.findByCase(caseId)
                .orElseThrow(() -> new IllegalTransitionException("there is no draft opinion to sign yet"));
        Actor actor = scope.actor();
        Instant now = clock.instant();
        List<String> missing = opinion.missingForSignature(c.questions());
        if (!missing.isEmpty()) {
            throw new IllegalTransitionException("the opinion cannot be signed yet; it still needs "
                    + String.join(", ", missing));
        }
        AuthenticationContext authenticated = stepUp.require(scope, "Signing the opinion");
        String document = CanonicalJson.write(signedDocument(c, opinion, actor, now));
        Signature seal = new Signature(signer.sha256(document), signer.sign(document), signer.keyId(), actor.id(),
                actor.displayName(), authenticated.method(), now, signer.verificationCode());
        opinion.sign(actor, c.questions(), seal);
        opinion.savedAs(opinions.save(opinion, now));
        opinions.seal(opinion, document);
        cases.deliverOpinion(scope, caseId);
        events.publishEvent(new OpinionSigned(caseId, opinion.id(), seal.contentSha256(), actor.id(), actor.role(),
                now));
        return opinion;
    }

    /**
     * The case's opinion as the caller may see it: the author sees the draft; the patient and the coordinator only a
     * signed opinion. An audited read when there is something to show.
     */
    @Transactional
    public Optional<Opinion> opinion(AccessScope scope, CaseId caseId) {
        return opinion(scope, cases.access(scope, caseId, "read opinion"));
    }

    /** The opinion of a case the caller already holds the view of, as {@link #opinion(AccessScope, CaseId)}. */
    @Transactional
    public Optional<Opinion> opinion(AccessScope scope, CaseView c) {
        CaseId caseId = c.id();
        Optional<Opinion> shown = opinions.findByCase(caseId).filter(o -> OpinionPolicy.decide(c,
                o.status() == OpinionStatus.SIGNED ? OpinionAction.READ_SIGNED : OpinionAction.READ_DRAFT,
                o.status()).isAllowed());
        shown.ifPresent(o -> visibility.read(scope, caseId, "opinion"));
        return shown;
    }

    /** The opinion actions the caller may take on the case now (for pages and API answers). */
    @Transactional
    public List<String> allowedActions(CaseView c) {
        return OpinionPolicy.allowedActionNames(c, opinions.findByCase(c.id()).map(Opinion::status).orElse(null));
    }

    /**
     * The opinion for its author to go on writing: empty before the first draft. Anyone else, and anyone outside
     * review, is refused (a 403 or 409 with the reason, audited like every refusal).
     */
    @Transactional
    public Optional<Opinion> draftToEdit(AccessScope scope, CaseId caseId) {
        reviewable(scope, caseId, OpinionAction.WRITE);
        Optional<Opinion> draft = opinions.findByCase(caseId);
        draft.ifPresent(o -> visibility.read(scope, caseId, "opinion"));
        return draft;
    }

    /** The case the opinion answers, for the opinion form; an audited read of the case. */
    @Transactional
    public CaseView caseUnderReview(AccessScope scope, CaseId caseId) {
        return cases.find(scope, caseId);
    }

    /** The case's questions, for the opinion form. */
    @Transactional
    public List<Question> questions(AccessScope scope, CaseId caseId) {
        return cases.find(scope, caseId).questions();
    }

    /**
     * Looks a verification code up. Codes carry 160 random bits, so they cannot be guessed; the web layer also
     * rate-limits the lookups.
     */
    @Transactional
    public Optional<Verification> verify(String code) {
        if (!code.matches("[a-z2-7]{32}")) {
            return Optional.empty();
        }
        return opinions.findByVerificationCode(code).map(sealed -> new Verification(
                OpinionStore.referenceIn(sealed.document()), "Expert opinion", sealed.signerName(),
                sealed.signedAt(), true, signer.verify(sealed.document(), sealed.signature())));
    }

    /** Whether the signature on a stored document is the service's own. */
    public boolean verifies(String document, String signatureBase64) {
        return signer.verify(document, signatureBase64);
    }

    private CaseView reviewable(AccessScope scope, CaseId caseId, OpinionAction action) {
        CaseView c = cases.access(scope, caseId, "write opinion");
        cases.enforce(scope, caseId, "write opinion", OpinionPolicy.decide(c, action,
                opinions.findByCase(caseId).map(Opinion::status).orElse(null)));
        return c;
    }

    /** The self-contained document that is signed: the case it answers, the questions with their answers, who, when. */
    private static Map<String, Object> signedDocument(CaseView c, Opinion opinion, Actor signer,
            Instant now) {
        Map<String, Object> document = new LinkedHashMap<>(OpinionStore.toMap(opinion.content()));
        List<Map<String, Object>> answers = new java.util.ArrayList<>();
        for (Question q : c.questions()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("questionId", q.id().toString());
            answer.put("kind", q.kind().name());
            answer.put("question", q.text());
            answer.put("text", opinion.content().answers().get(q.id()));
            answers.add(answer);
        }
        document.put("answers", answers);
        document.put("opinionId", opinion.id().toString());
        document.put("caseId", c.id().toString());
        document.put("caseReference", c.reference());
        document.put("diagnosisUnderReview", c.details().diagnosis());
        document.put("signerId", signer.id().toString());
        document.put("signerName", signer.displayName());
        document.put("signedAt", now.toString());
        return document;
    }
}
