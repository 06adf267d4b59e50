package org.consilium.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.consilium.identity.Actor;
import org.consilium.identity.GrantReason;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;

/**
 * Cases in each state of their lifecycle, and the people who act on them. A case comes as if just loaded from the
 * store: built through its real transitions, with the events of those transitions already published.
 */
public final class CaseFixtures {

    public static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private CaseFixtures() {
    }

    public static Actor patient() {
        return actor("00000000-0000-0000-0000-00000000a001", Role.PATIENT, "Maria Santos");
    }

    public static Actor anotherPatient() {
        return actor("00000000-0000-0000-0000-00000000a002", Role.PATIENT, "James Okafor");
    }

    public static Actor coordinator() {
        return actor("00000000-0000-0000-0000-00000000c001", Role.COORDINATOR, "Nora Lindqvist");
    }

    public static Actor anotherCoordinator() {
        return actor("00000000-0000-0000-0000-00000000c002", Role.COORDINATOR, "Ola Nordmann");
    }

    public static Actor specialist() {
        return actor("00000000-0000-0000-0000-00000000e001", Role.SPECIALIST, "Dr. Elena Marchetti");
    }

    public static Actor anotherSpecialist() {
        return actor("00000000-0000-0000-0000-00000000e002", Role.SPECIALIST, "Dr. Rafael Ortega");
    }

    public static Actor admin() {
        return actor("00000000-0000-0000-0000-00000000f001", Role.ADMIN, "Site Administrator");
    }

    public static CaseDetails details() {
        return new CaseDetails("Invasive ductal carcinoma of the left breast", "C50.9", "Breast cancer", "IIA",
                "ER+, PR+, HER2-", "Lumpectomy", "Adjuvant chemotherapy followed by radiotherapy",
                Specialty.MEDICAL_ONCOLOGY, Urgency.ROUTINE, LocalDate.parse("2027-01-15"), null);
    }

    /** Two questions: treatment options, then risks and benefits. */
    public static List<Question> questions() {
        return List.of(
                new Question(QuestionId.random(), QuestionKind.TREATMENT_OPTIONS, "Is chemotherapy needed?"),
                new Question(QuestionId.random(), QuestionKind.RISKS_AND_BENEFITS, "What are the risks?"));
    }

    public static List<Question> questions(int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> new Question(QuestionId.random(), QuestionKind.OTHER, "Question " + i))
                .toList();
    }

    /** A draft of {@link #patient()} with two {@link #questions()}. */
    public static SecondOpinionCase draftCase() {
        return draftCase(questions());
    }

    public static SecondOpinionCase draftCase(List<Question> questions) {
        return loaded(SecondOpinionCase.open(CaseId.random(), "C-2026-000001", patient(), details(), questions,
                NOW));
    }

    public static SecondOpinionCase submittedCase() {
        SecondOpinionCase c = draftCase();
        c.submit(as(patient(), c), NOW);
        return loaded(c);
    }

    /** Triaged by {@link #coordinator()}. */
    public static SecondOpinionCase collectingRecordsCase() {
        SecondOpinionCase c = submittedCase();
        c.acceptAtTriage(as(coordinator(), c), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase readyForMatchingCase() {
        SecondOpinionCase c = collectingRecordsCase();
        c.recordsChecked(RecordsCompleteness.COMPLETE);
        c.completeRecords(as(coordinator(), c), NOW);
        return loaded(c);
    }

    /** Offered to {@link #specialist()}. */
    public static SecondOpinionCase offeredCase() {
        SecondOpinionCase c = readyForMatchingCase();
        c.offerTo(as(coordinator(), c), specialist().id(), NOW);
        return loaded(c);
    }

    /** Reviewed by {@link #specialist()}. */
    public static SecondOpinionCase inReviewCase() {
        SecondOpinionCase c = offeredCase();
        c.acceptOffer(as(specialist(), c), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase deliveredCase() {
        SecondOpinionCase c = inReviewCase();
        c.deliverOpinion(as(specialist(), c), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase closedCase() {
        SecondOpinionCase c = deliveredCase();
        c.close(as(coordinator(), c), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase withdrawnCase() {
        SecondOpinionCase c = submittedCase();
        c.withdraw(as(patient(), c), "Decided to stay with my own oncologist", NOW);
        return loaded(c);
    }

    /** A draft its patient discarded. */
    public static SecondOpinionCase discardedCase() {
        SecondOpinionCase c = draftCase();
        c.discard(as(patient(), c), NOW);
        return loaded(c);
    }

    /** Submitted by a patient who was not sure which specialty the case needs. */
    public static SecondOpinionCase unsureCase() {
        SecondOpinionCase c = loaded(SecondOpinionCase.open(CaseId.random(), "C-2026-000002", patient(),
                details().withSpecialty(Specialty.UNSURE), questions(), NOW));
        c.submit(as(patient(), c), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase declinedCase() {
        SecondOpinionCase c = submittedCase();
        c.declineCase(as(coordinator(), c), "Outside the service's scope", NOW);
        return loaded(c);
    }

    /**
     * The relation the grants give the actor on the case as it stands, as intake and matching write them: the patient
     * owns it, the coordinator who triaged it holds it, the specialist holds the open offer or, once accepted, the
     * review; a withdrawal ends the specialists' grants.
     */
    public static CaseRelation as(Actor actor, SecondOpinionCase c) {
        java.util.Set<GrantReason> reasons = java.util.EnumSet.noneOf(GrantReason.class);
        boolean specialist = c.specialistId().map(actor.id()::equals).orElse(false);
        if (actor.id().equals(c.patientId())) {
            reasons.add(GrantReason.OWNER);
        } else if (c.coordinatorId().map(actor.id()::equals).orElse(false)) {
            reasons.add(GrantReason.COORDINATOR);
        } else if (specialist && c.status() == CaseStatus.OFFERED) {
            reasons.add(GrantReason.OFFERED);
        } else if (specialist && c.status() != CaseStatus.WITHDRAWN) {
            reasons.add(GrantReason.ASSIGNED);
        }
        return new CaseRelation(actor, reasons);
    }

    /** A case in the given state, through the lifecycle's usual path (a withdrawal from review, a decline at triage). */
    public static SecondOpinionCase inState(CaseStatus status) {
        return switch (status) {
            case DRAFT -> draftCase();
            case SUBMITTED -> submittedCase();
            case COLLECTING_RECORDS -> collectingRecordsCase();
            case READY_FOR_MATCHING -> readyForMatchingCase();
            case OFFERED -> offeredCase();
            case IN_REVIEW -> inReviewCase();
            case OPINION_DELIVERED -> deliveredCase();
            case CLOSED -> closedCase();
            case WITHDRAWN -> {
                SecondOpinionCase c = inReviewCase();
                c.withdraw(as(patient(), c), null, NOW);
                yield loaded(c);
            }
            case DECLINED -> declinedCase();
            case DISCARDED -> discardedCase();
        };
    }

    /** The case as a caller holding these grants sees it, for other modules' policy tests. */
    public static CaseView view(SecondOpinionCase c, Actor actor, GrantReason... reasons) {
        return new CaseView(c, new CaseRelation(actor, reasons.length == 0 ? java.util.Set.of()
                : java.util.EnumSet.of(reasons[0], reasons)), NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                () -> patient().displayName());
    }

    /** As the repository leaves a case after saving it: its events published and cleared. */
    private static SecondOpinionCase loaded(SecondOpinionCase c) {
        c.clearPendingEvents();
        return c;
    }

    private static Actor actor(String id, Role role, String name) {
        return new Actor(new UserId(UUID.fromString(id)), role, name, true);
    }
}
