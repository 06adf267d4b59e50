package org.consilium.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.consilium.identity.Actor;
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
        c.submit(patient(), NOW);
        return loaded(c);
    }

    /** Triaged by {@link #coordinator()}. */
    public static SecondOpinionCase collectingRecordsCase() {
        SecondOpinionCase c = submittedCase();
        c.acceptAtTriage(coordinator(), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase readyForMatchingCase() {
        SecondOpinionCase c = collectingRecordsCase();
        c.completeRecords(coordinator(), NOW);
        return loaded(c);
    }

    /** Offered to {@link #specialist()}. */
    public static SecondOpinionCase offeredCase() {
        SecondOpinionCase c = readyForMatchingCase();
        c.offerTo(coordinator(), specialist().id(), NOW);
        return loaded(c);
    }

    /** Reviewed by {@link #specialist()}. */
    public static SecondOpinionCase inReviewCase() {
        SecondOpinionCase c = offeredCase();
        c.acceptOffer(specialist(), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase deliveredCase() {
        SecondOpinionCase c = inReviewCase();
        c.deliverOpinion(specialist(), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase closedCase() {
        SecondOpinionCase c = deliveredCase();
        c.close(coordinator(), NOW);
        return loaded(c);
    }

    public static SecondOpinionCase withdrawnCase() {
        SecondOpinionCase c = submittedCase();
        c.withdraw(patient(), "Decided to stay with my own oncologist", NOW);
        return loaded(c);
    }

    public static SecondOpinionCase declinedCase() {
        SecondOpinionCase c = submittedCase();
        c.declineCase(coordinator(), "Outside the service's scope", NOW);
        return loaded(c);
    }

    /** As the repository leaves a case after saving it: its events published and cleared. */
    private static SecondOpinionCase loaded(SecondOpinionCase c) {
        c.clearPendingEvents();
        return c;
    }

    private static Actor actor(String id, Role role, String name) {
        return new Actor(new UserId(UUID.fromString(id)), role, name);
    }
}
