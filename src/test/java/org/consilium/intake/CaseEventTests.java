package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.intake.CaseFixtures.NOW;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.patient;

import java.util.List;
import org.consilium.identity.Role;
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
import org.consilium.shared.Specialty;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.Test;

/** Case events are stored by name in timelines and the audit trail: the names are known answers, never class names. */
class CaseEventTests {

    private static final CaseId CASE = CaseId.random();
    private static final UserId WHO = patient().id();

    @Test
    void every_event_is_stored_under_its_fixed_name() {
        // given one event of each kind
        List<CaseEvent> events = List.of(
                new CaseOpened(CASE, "C-2026-000001", WHO, Role.PATIENT, NOW),
                new CaseSubmitted(CASE, WHO, Role.PATIENT, NOW),
                new CaseTriaged(CASE, WHO, Role.COORDINATOR, NOW),
                new CaseDeclined(CASE, "out of scope", WHO, Role.COORDINATOR, NOW),
                new RecordsCompleted(CASE, WHO, Role.COORDINATOR, NOW),
                new CaseOffered(CASE, WHO, WHO, Role.COORDINATOR, NOW),
                new CaseAccepted(CASE, WHO, Role.SPECIALIST, NOW),
                new OfferDeclined(CASE, "no capacity", WHO, Role.SPECIALIST, NOW),
                new OpinionDelivered(CASE, WHO, Role.SPECIALIST, NOW),
                new CaseWithdrawn(CASE, null, WHO, Role.PATIENT, NOW),
                new CaseClosed(CASE, WHO, Role.COORDINATOR, NOW),
                new DraftEdited(CASE, WHO, Role.PATIENT, NOW),
                new DraftDiscarded(CASE, WHO, Role.PATIENT, NOW),
                new SpecialtyChanged(CASE, Specialty.UNSURE, Specialty.HEMATOLOGY, "lymphoma",
                        CaseStatus.SUBMITTED, WHO, Role.COORDINATOR, NOW));

        // when / then
        assertThat(events).extracting(CaseEvent::type).containsExactly("CaseOpened", "CaseSubmitted", "CaseTriaged",
                "CaseDeclined", "RecordsCompleted", "CaseOffered", "CaseAccepted", "OfferDeclined", "OpinionDelivered",
                "CaseWithdrawn", "CaseClosed", "DraftEdited", "DraftDiscarded", "SpecialtyChanged");
    }

    @Test
    void the_timeline_shows_every_event_but_the_edits_of_a_draft() {
        // when / then
        assertThat(new DraftEdited(CASE, WHO, Role.PATIENT, NOW).onTimeline()).isFalse();
        assertThat(new DraftDiscarded(CASE, WHO, Role.PATIENT, NOW).onTimeline()).isTrue();
        assertThat(new SpecialtyChanged(CASE, Specialty.UNSURE, Specialty.HEMATOLOGY, "lymphoma",
                CaseStatus.SUBMITTED, WHO, Role.COORDINATOR, NOW).onTimeline()).isTrue();
    }

    @Test
    void a_specialty_change_tells_the_patient_what_changed_and_why() {
        // when
        CaseTransition chosen = CaseTransition.of(new SpecialtyChanged(CASE, Specialty.UNSURE, Specialty.HEMATOLOGY,
                "The biopsy shows lymphoma", CaseStatus.SUBMITTED, coordinator().id(), Role.COORDINATOR, NOW));
        CaseTransition corrected = CaseTransition.of(new SpecialtyChanged(CASE, Specialty.MEDICAL_ONCOLOGY,
                Specialty.SURGICAL_ONCOLOGY, "Surgery is the question", CaseStatus.COLLECTING_RECORDS,
                coordinator().id(), Role.COORDINATOR, NOW));

        // then
        assertThat(chosen.note()).isEqualTo("Hematology: The biopsy shows lymphoma");
        assertThat(corrected.note()).isEqualTo("Surgical oncology instead of medical oncology: Surgery is the "
                + "question");
        assertThat(corrected.status()).isEqualTo(CaseStatus.COLLECTING_RECORDS);
        assertThat(corrected.event()).isEqualTo("SpecialtyChanged");
    }
}
