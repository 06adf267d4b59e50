package org.consilium.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.consilium.identity.Actor;
import org.consilium.identity.Role;
import org.consilium.intake.CaseEvent.CaseAccepted;
import org.consilium.intake.CaseEvent.CaseClosed;
import org.consilium.intake.CaseEvent.CaseDeclined;
import org.consilium.intake.CaseEvent.CaseOffered;
import org.consilium.intake.CaseEvent.CaseOpened;
import org.consilium.intake.CaseEvent.CaseSubmitted;
import org.consilium.intake.CaseEvent.CaseTriaged;
import org.consilium.intake.CaseEvent.CaseWithdrawn;
import org.consilium.intake.CaseEvent.OfferDeclined;
import org.consilium.intake.CaseEvent.OpinionDelivered;
import org.consilium.intake.CaseEvent.RecordsCompleted;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;

/**
 * One request for an expert opinion, and the rules of its lifecycle. Each transition is a verb that checks who acts
 * and in which state, and records an event; a refused transition throws with the reason.
 *
 * <p>Not thread-safe: load, change and save within one transaction; the version guards against a concurrent save.
 */
public final class SecondOpinionCase {

    public static final int MAX_QUESTIONS = 20;
    public static final int MAX_REASON = 2000;

    private final CaseId id;
    private final String reference;
    private final UserId patientId;
    private final CaseDetails details;
    private final List<Question> questions;
    private final Instant openedAt;
    private CaseStatus status;
    private @Nullable UserId coordinatorId;
    private @Nullable UserId specialistId;
    private @Nullable String declineReason;
    private @Nullable Instant submittedAt;
    private long version;
    private final List<CaseEvent> pendingEvents = new ArrayList<>();

    private SecondOpinionCase(CaseId id, String reference, UserId patientId, CaseDetails details,
            List<Question> questions, Instant openedAt, CaseStatus status, @Nullable UserId coordinatorId,
            @Nullable UserId specialistId, @Nullable String declineReason, @Nullable Instant submittedAt,
            long version) {
        this.id = id;
        this.reference = reference;
        this.patientId = patientId;
        this.details = details;
        this.questions = List.copyOf(questions);
        this.openedAt = openedAt;
        this.status = status;
        this.coordinatorId = coordinatorId;
        this.specialistId = specialistId;
        this.declineReason = declineReason;
        this.submittedAt = submittedAt;
        this.version = version;
    }

    /** A patient opens a draft case with at least one question. */
    public static SecondOpinionCase open(CaseId id, String reference, Actor patient, CaseDetails details,
            List<Question> questions, Instant now) {
        if (!patient.is(Role.PATIENT)) {
            throw new ForbiddenActionException("only a patient can open a case");
        }
        Check check = new Check();
        if (details.proxy() != null) {
            details.proxy().checkOn(check, now.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        }
        check.that(!questions.isEmpty(), "questions", "ask at least one question")
                .that(questions.size() <= MAX_QUESTIONS, "questions", "ask at most " + MAX_QUESTIONS + " questions")
                .orThrow();
        SecondOpinionCase opened = new SecondOpinionCase(id, reference, patient.id(), details, questions, now,
                CaseStatus.DRAFT, null, null, null, null, 0);
        opened.pendingEvents.add(new CaseOpened(id, reference, patient.id(), patient.role(), now));
        return opened;
    }

    /** Rebuilds a stored case; no rule is checked and no event raised. */
    public static SecondOpinionCase restore(CaseId id, String reference, UserId patientId, CaseDetails details,
            List<Question> questions, Instant openedAt, CaseStatus status, @Nullable UserId coordinatorId,
            @Nullable UserId specialistId, @Nullable String declineReason, @Nullable Instant submittedAt,
            long version) {
        return new SecondOpinionCase(id, reference, patientId, details, questions, openedAt, status, coordinatorId,
                specialistId, declineReason, submittedAt, version);
    }

    /** The patient sends the draft to the service. */
    public void submit(Actor actor, Instant now) {
        requirePatientOwner(actor, "submit");
        requireStatus(CaseStatus.DRAFT, "submitted");
        status = CaseStatus.SUBMITTED;
        submittedAt = now;
        pendingEvents.add(new CaseSubmitted(id, actor.id(), actor.role(), now));
    }

    /** A coordinator claims a submitted case and starts collecting its records. */
    public void acceptAtTriage(Actor actor, Instant now) {
        requireRole(actor, Role.COORDINATOR, "triage a case");
        requireStatus(CaseStatus.SUBMITTED, "triaged");
        status = CaseStatus.COLLECTING_RECORDS;
        coordinatorId = actor.id();
        pendingEvents.add(new CaseTriaged(id, actor.id(), actor.role(), now));
    }

    /** A coordinator declines a submitted case as out of scope; terminal. */
    public void declineCase(Actor actor, @Nullable String reason, Instant now) {
        requireRole(actor, Role.COORDINATOR, "decline a case");
        String why = requireReason(reason);
        requireStatus(CaseStatus.SUBMITTED, "declined");
        status = CaseStatus.DECLINED;
        coordinatorId = actor.id();
        declineReason = why;
        pendingEvents.add(new CaseDeclined(id, why, actor.id(), actor.role(), now));
    }

    /** The case's coordinator judges the records complete enough for a specialist. */
    public void completeRecords(Actor actor, Instant now) {
        requireCaseCoordinator(actor, "mark records complete");
        requireStatus(CaseStatus.COLLECTING_RECORDS, "marked records complete");
        status = CaseStatus.READY_FOR_MATCHING;
        pendingEvents.add(new RecordsCompleted(id, actor.id(), actor.role(), now));
    }

    /** The case's coordinator offers the case to a specialist's account. */
    public void offerTo(Actor actor, UserId specialistAccount, Instant now) {
        requireCaseCoordinator(actor, "offer a case");
        requireStatus(CaseStatus.READY_FOR_MATCHING, "offered");
        status = CaseStatus.OFFERED;
        specialistId = specialistAccount;
        pendingEvents.add(new CaseOffered(id, specialistAccount, actor.id(), actor.role(), now));
    }

    /** The specialist the case was offered to takes it on. */
    public void acceptOffer(Actor actor, Instant now) {
        requireOfferedSpecialist(actor, "accept");
        status = CaseStatus.IN_REVIEW;
        pendingEvents.add(new CaseAccepted(id, actor.id(), actor.role(), now));
    }

    /** The specialist the case was offered to turns it down; it goes back to matching. */
    public void declineOffer(Actor actor, @Nullable String reason, Instant now) {
        String why = requireReason(reason);
        requireOfferedSpecialist(actor, "decline");
        status = CaseStatus.READY_FOR_MATCHING;
        specialistId = null;
        pendingEvents.add(new OfferDeclined(id, why, actor.id(), actor.role(), now));
    }

    /** The reviewing specialist's signed opinion reaches the patient. */
    public void deliverOpinion(Actor actor, Instant now) {
        requireReviewingSpecialist(actor, "deliver an opinion on");
        requireStatus(CaseStatus.IN_REVIEW, "given an opinion");
        status = CaseStatus.OPINION_DELIVERED;
        pendingEvents.add(new OpinionDelivered(id, actor.id(), actor.role(), now));
    }

    /** The patient withdraws the case, at any time before the opinion is delivered. */
    public void withdraw(Actor actor, @Nullable String reason, Instant now) {
        requirePatientOwner(actor, "withdraw");
        if (status.isTerminal() || status == CaseStatus.OPINION_DELIVERED) {
            throw new IllegalTransitionException(
                    "a case can be withdrawn only before its opinion is delivered; this case is " + describe(status));
        }
        String why = Check.trimToNull(reason);
        new Check().maxLength("reason", why, MAX_REASON).orThrow();
        status = CaseStatus.WITHDRAWN;
        pendingEvents.add(new CaseWithdrawn(id, why, actor.id(), actor.role(), now));
    }

    /** The case's coordinator closes a case whose opinion was delivered. */
    public void close(Actor actor, Instant now) {
        requireCaseCoordinator(actor, "close a case");
        requireStatus(CaseStatus.OPINION_DELIVERED, "closed");
        status = CaseStatus.CLOSED;
        pendingEvents.add(new CaseClosed(id, actor.id(), actor.role(), now));
    }

    private void requirePatientOwner(Actor actor, String action) {
        if (!actor.is(Role.PATIENT) || !actor.id().equals(patientId)) {
            throw new ForbiddenActionException("only the patient of this case can " + action + " it");
        }
    }

    private static void requireRole(Actor actor, Role role, String action) {
        if (!actor.is(role)) {
            throw new ForbiddenActionException("only a " + role.label().toLowerCase(java.util.Locale.ROOT)
                    + " can " + action);
        }
    }

    private void requireCaseCoordinator(Actor actor, String action) {
        requireRole(actor, Role.COORDINATOR, action);
        if (!actor.id().equals(coordinatorId)) {
            throw new ForbiddenActionException("only the coordinator who triaged this case can " + action);
        }
    }

    private void requireOfferedSpecialist(Actor actor, String action) {
        requireRole(actor, Role.SPECIALIST, action + " an offer");
        if (status != CaseStatus.OFFERED) {
            throw new IllegalTransitionException("there is no open offer to " + action + "; this case is "
                    + describe(status));
        }
        if (!actor.id().equals(specialistId)) {
            throw new ForbiddenActionException("this case was offered to another specialist");
        }
    }

    private void requireReviewingSpecialist(Actor actor, String action) {
        requireRole(actor, Role.SPECIALIST, action + " a case");
        if (!actor.id().equals(specialistId)) {
            throw new ForbiddenActionException("only the specialist reviewing this case can " + action + " it");
        }
    }

    private void requireStatus(CaseStatus expected, String pastTense) {
        if (status != expected) {
            throw new IllegalTransitionException("only a case that is " + describe(expected) + " can be " + pastTense
                    + "; this case is " + describe(status));
        }
    }

    private static String requireReason(@Nullable String reason) {
        String why = Check.trimToNull(reason);
        new Check().required("reason", why, MAX_REASON).orThrow();
        return Objects.requireNonNull(why);
    }

    private static String describe(CaseStatus status) {
        return status.label().toLowerCase(java.util.Locale.ROOT);
    }

    /** The events raised since the case was loaded; the repository publishes and clears them on save. */
    public List<CaseEvent> pendingEvents() {
        return List.copyOf(pendingEvents);
    }

    void clearPendingEvents() {
        pendingEvents.clear();
    }

    void savedAs(long newVersion) {
        version = newVersion;
    }

    public boolean isPatient(UserId account) {
        return patientId.equals(account);
    }

    public boolean inTriagePool() {
        return status == CaseStatus.SUBMITTED && coordinatorId == null;
    }

    public Optional<Question> question(QuestionId questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }

    public CaseId id() {
        return id;
    }

    public String reference() {
        return reference;
    }

    public UserId patientId() {
        return patientId;
    }

    public CaseDetails details() {
        return details;
    }

    public List<Question> questions() {
        return questions;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public CaseStatus status() {
        return status;
    }

    public Optional<UserId> coordinatorId() {
        return Optional.ofNullable(coordinatorId);
    }

    /** The specialist the case is offered to, or who reviews it. */
    public Optional<UserId> specialistId() {
        return Optional.ofNullable(specialistId);
    }

    public Optional<String> declineReason() {
        return Optional.ofNullable(declineReason);
    }

    public Optional<Instant> submittedAt() {
        return Optional.ofNullable(submittedAt);
    }

    public long version() {
        return version;
    }
}
