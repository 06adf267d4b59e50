package org.consilium.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.consilium.identity.Actor;
import org.consilium.intake.CaseEvent.CaseAccepted;
import org.consilium.intake.CaseEvent.CaseClosed;
import org.consilium.intake.CaseEvent.CaseDeclined;
import org.consilium.intake.CaseEvent.CaseOffered;
import org.consilium.intake.CaseEvent.CaseOpened;
import org.consilium.intake.CaseEvent.CaseSubmitted;
import org.consilium.intake.CaseEvent.CaseTriaged;
import org.consilium.intake.CaseEvent.CaseWithdrawn;
import org.consilium.intake.CaseEvent.DraftDiscarded;
import org.consilium.intake.CaseEvent.DraftEdited;
import org.consilium.intake.CaseEvent.OfferDeclined;
import org.consilium.intake.CaseEvent.OpinionDelivered;
import org.consilium.intake.CaseEvent.RecordsCompleted;
import org.consilium.intake.CaseEvent.SpecialtyChanged;
import org.consilium.shared.CaseId;
import org.consilium.shared.Check;
import org.consilium.shared.ExpectedVersion;
import org.consilium.shared.Specialty;
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
    private CaseDetails details;
    private List<Question> questions;
    private final Instant openedAt;
    private CaseStatus status;
    private @Nullable UserId coordinatorId;
    private @Nullable UserId specialistId;
    private @Nullable String declineReason;
    private @Nullable Instant submittedAt;
    private Instant updatedAt;
    private long version;
    private final List<CaseEvent> pendingEvents = new ArrayList<>();
    /** What the records checklist still needed when it was last checked, and of which state and details. */
    private RecordsCompleteness.Answer records = RecordsCompleteness.NOT_CHECKED;
    private @Nullable CaseStatus recordsCheckedIn;
    private @Nullable CaseDetails recordsCheckedFor;

    private SecondOpinionCase(CaseId id, String reference, UserId patientId, CaseDetails details,
            List<Question> questions, Instant openedAt, CaseStatus status, @Nullable UserId coordinatorId,
            @Nullable UserId specialistId, @Nullable String declineReason, @Nullable Instant submittedAt,
            Instant updatedAt, long version) {
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
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A patient opens a draft case with at least one question. */
    public static SecondOpinionCase open(CaseId id, String reference, Actor patient, CaseDetails details,
            List<Question> questions, Instant now) {
        CasePolicy.mayOpen(patient).orThrow();
        checkContent(details, questions, now);
        SecondOpinionCase opened = new SecondOpinionCase(id, reference, patient.id(), details, questions, now,
                CaseStatus.DRAFT, null, null, null, null, now, 0);
        opened.pendingEvents.add(new CaseOpened(id, reference, patient.id(), patient.role(), now));
        return opened;
    }

    /** Rebuilds a stored case; no rule is checked and no event raised. Only intake's façade restores cases. */
    static SecondOpinionCase restore(CaseId id, String reference, UserId patientId, CaseDetails details,
            List<Question> questions, Instant openedAt, CaseStatus status, @Nullable UserId coordinatorId,
            @Nullable UserId specialistId, @Nullable String declineReason, @Nullable Instant submittedAt,
            Instant updatedAt, long version) {
        return new SecondOpinionCase(id, reference, patientId, details, questions, openedAt, status, coordinatorId,
                specialistId, declineReason, submittedAt, updatedAt, version);
    }

    /** The rules a case's content meets when it is opened and each time its draft is edited. */
    private static void checkContent(CaseDetails details, List<Question> questions, Instant now) {
        Check check = new Check();
        if (details.proxy() != null) {
            details.proxy().checkOn(check, now.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        }
        check.that(!questions.isEmpty(), "questions", "ask at least one question")
                .that(questions.size() <= MAX_QUESTIONS, "questions", "ask at most " + MAX_QUESTIONS + " questions")
                .orThrow();
    }

    /**
     * The patient changes the details and questions of their draft. {@code expectedVersion} is the version they edited:
     * a stale one is refused, so two windows never overwrite each other. A question keeps its id where it keeps its
     * place in the list; questions beyond the new list are dropped from the draft (the store keeps them, retired).
     */
    public void editDraft(CaseRelation who, ExpectedVersion expectedVersion, CaseDetails revised,
            List<OpenCase.NewQuestion> asked, Instant now) {
        require(who, CaseAction.EDIT);
        expectedVersion.check("case", version);
        List<Question> revisedQuestions = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            QuestionId questionId = i < questions.size() ? questions.get(i).id() : QuestionId.random();
            revisedQuestions.add(new Question(questionId, asked.get(i).kind(), asked.get(i).text()));
        }
        checkContent(revised, revisedQuestions, now);
        details = revised;
        questions = List.copyOf(revisedQuestions);
        pendingEvents.add(new DraftEdited(id, who.actor().id(), who.actor().role(), now));
    }

    /** The patient gives up their draft. Nothing is deleted: the case, its records and its history stay. */
    public void discard(CaseRelation who, Instant now) {
        require(who, CaseAction.DISCARD);
        status = CaseStatus.DISCARDED;
        pendingEvents.add(new DraftDiscarded(id, who.actor().id(), who.actor().role(), now));
    }

    /**
     * A coordinator gives the case another specialty, with a reason the patient reads on the timeline: one the
     * patient was not sure of, or one the records show to be wrong. Only a specialty someone practises can be chosen.
     */
    public void changeSpecialty(CaseRelation who, @Nullable Specialty to, @Nullable String reason, Instant now) {
        require(who, CaseAction.CHANGE_SPECIALTY);
        String why = Check.trimToNull(reason);
        Specialty from = details.specialty();
        new Check()
                .that(to != null, "specialty", "specialty is required")
                .that(to == null || to.isChosen(), "specialty", "choose the specialty the case needs")
                .that(to == null || to != from, "specialty", "the case already asks for "
                        + from.label().toLowerCase(java.util.Locale.ROOT))
                .required("reason", why, MAX_REASON)
                .orThrow();
        Specialty chosen = Objects.requireNonNull(to);
        details = details.withSpecialty(chosen);
        pendingEvents.add(new SpecialtyChanged(id, from, chosen, Objects.requireNonNull(why), status,
                who.actor().id(), who.actor().role(), now));
    }

    /** The patient sends the draft to the service. */
    public void submit(CaseRelation who, Instant now) {
        require(who, CaseAction.SUBMIT);
        status = CaseStatus.SUBMITTED;
        submittedAt = now;
        pendingEvents.add(new CaseSubmitted(id, who.actor().id(), who.actor().role(), now));
    }

    /** A coordinator claims a case from the triage pool and starts collecting its records. */
    public void acceptAtTriage(CaseRelation who, Instant now) {
        require(who, CaseAction.ACCEPT_AT_TRIAGE);
        status = CaseStatus.COLLECTING_RECORDS;
        coordinatorId = who.actor().id();
        pendingEvents.add(new CaseTriaged(id, who.actor().id(), who.actor().role(), now));
    }

    /** A coordinator declines a case from the triage pool as out of scope; terminal. */
    public void declineCase(CaseRelation who, @Nullable String reason, Instant now) {
        require(who, CaseAction.DECLINE_CASE);
        String why = requireReason(reason);
        status = CaseStatus.DECLINED;
        coordinatorId = who.actor().id();
        declineReason = why;
        pendingEvents.add(new CaseDeclined(id, why, who.actor().id(), who.actor().role(), now));
    }

    /** The case's coordinator judges the records complete enough for a specialist. */
    public void completeRecords(CaseRelation who, Instant now) {
        require(who, CaseAction.COMPLETE_RECORDS);
        status = CaseStatus.READY_FOR_MATCHING;
        pendingEvents.add(new RecordsCompleted(id, who.actor().id(), who.actor().role(), now));
    }

    /** The case's coordinator offers the case to a specialist's account. */
    public void offerTo(CaseRelation who, UserId specialistAccount, Instant now) {
        require(who, CaseAction.OFFER);
        status = CaseStatus.OFFERED;
        specialistId = specialistAccount;
        pendingEvents.add(new CaseOffered(id, specialistAccount, who.actor().id(), who.actor().role(), now));
    }

    /** The specialist the case was offered to takes it on. */
    public void acceptOffer(CaseRelation who, Instant now) {
        require(who, CaseAction.ACCEPT_OFFER);
        status = CaseStatus.IN_REVIEW;
        pendingEvents.add(new CaseAccepted(id, who.actor().id(), who.actor().role(), now));
    }

    /** The specialist the case was offered to turns it down; it goes back to matching. */
    public void declineOffer(CaseRelation who, @Nullable String reason, Instant now) {
        String why = requireReason(reason);
        require(who, CaseAction.DECLINE_OFFER);
        status = CaseStatus.READY_FOR_MATCHING;
        specialistId = null;
        pendingEvents.add(new OfferDeclined(id, why, who.actor().id(), who.actor().role(), now));
    }

    /** The reviewing specialist's signed opinion reaches the patient. */
    public void deliverOpinion(CaseRelation who, Instant now) {
        require(who, CaseAction.DELIVER_OPINION);
        status = CaseStatus.OPINION_DELIVERED;
        pendingEvents.add(new OpinionDelivered(id, who.actor().id(), who.actor().role(), now));
    }

    /** The patient withdraws the case, at any time before the opinion is delivered. */
    public void withdraw(CaseRelation who, @Nullable String reason, Instant now) {
        require(who, CaseAction.WITHDRAW);
        String why = Check.trimToNull(reason);
        new Check().maxLength("reason", why, MAX_REASON).orThrow();
        status = CaseStatus.WITHDRAWN;
        pendingEvents.add(new CaseWithdrawn(id, why, who.actor().id(), who.actor().role(), now));
    }

    /** The case's coordinator closes a case whose opinion was delivered. */
    public void close(CaseRelation who, Instant now) {
        require(who, CaseAction.CLOSE);
        status = CaseStatus.CLOSED;
        pendingEvents.add(new CaseClosed(id, who.actor().id(), who.actor().role(), now));
    }

    /** What the access policy needs to know of the case as it is now. */
    public CasePolicy.Facts facts() {
        return new CasePolicy.Facts(status, coordinatorId != null, details.specialty().isChosen(),
                recordsCheckedNow() ? records : RecordsCompleteness.NOT_CHECKED);
    }

    /**
     * Keeps what the records checklist still needs, as the records module answered for the case as it is now. The
     * answer counts only while the case keeps this state and these details (its specialty picks the items).
     */
    void recordsChecked(RecordsCompleteness.Answer answer) {
        records = Objects.requireNonNull(answer);
        recordsCheckedIn = status;
        recordsCheckedFor = details;
    }

    /** Whether the records checklist was checked for the case's current state and details. */
    boolean recordsCheckedNow() {
        return recordsCheckedIn == status && details.equals(recordsCheckedFor);
    }

    private void require(CaseRelation who, CaseAction action) {
        CasePolicy.decide(who, facts(), action).orThrow();
    }

    private static String requireReason(@Nullable String reason) {
        String why = Check.trimToNull(reason);
        new Check().required("reason", why, MAX_REASON).orThrow();
        return Objects.requireNonNull(why);
    }

    /** The events raised since the case was loaded; the repository publishes and clears them on save. */
    public List<CaseEvent> pendingEvents() {
        return List.copyOf(pendingEvents);
    }

    void clearPendingEvents() {
        pendingEvents.clear();
    }

    void savedAs(long newVersion, Instant at) {
        version = newVersion;
        updatedAt = at;
    }

    public boolean isPatient(UserId account) {
        return patientId.equals(account);
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

    /** When the case last changed: the order of case lists. */
    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }
}
