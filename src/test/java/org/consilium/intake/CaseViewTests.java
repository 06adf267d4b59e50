package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.intake.CaseFixtures.NOW;
import static org.consilium.intake.CaseFixtures.as;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.consilium.identity.Actor;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;

class CaseViewTests {

    private final AtomicInteger lookups = new AtomicInteger();

    @Test
    void names_the_account_holder_as_the_patient_of_their_own_case_and_asks_only_once() {
        // given the patient's own case
        SecondOpinionCase c = CaseFixtures.deliveredCase();

        // when the patient's view is asked for the name twice
        CaseView view = viewOf(c, CaseFixtures.patient());
        String first = view.patientName().orElseThrow();
        String second = view.patientName().orElseThrow();

        // then it is the account holder's name, looked up once
        assertThat(first).isEqualTo("Maria Santos").isEqualTo(second);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void names_the_patient_a_proxy_opened_the_case_for_without_looking_up_the_account() {
        // given a case a parent opened for their child
        CaseDetails d = CaseFixtures.details();
        SecondOpinionCase c = SecondOpinionCase.open(CaseId.random(), "C-2026-000002", CaseFixtures.patient(),
                new CaseDetails(d.diagnosis(), d.icd10Code(), d.cancerType(), d.stage(), d.biomarkers(),
                        d.treatmentSoFar(), d.proposedPlan(), d.specialty(), d.urgency(), d.decisionDeadline(),
                        new CaseProxy("Lucas Santos", LocalDate.parse("2018-03-01"), Relationship.PARENT)),
                CaseFixtures.questions(), NOW);

        // when the parent's view names the patient
        String name = viewOf(c, CaseFixtures.patient()).patientName().orElseThrow();

        // then it is the child
        assertThat(name).isEqualTo("Lucas Santos");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void names_no_one_to_a_specialist_who_has_only_been_offered_the_case() {
        // given a case offered to a specialist
        SecondOpinionCase c = CaseFixtures.offeredCase();

        // when the specialist's view is asked who the patient is
        var name = viewOf(c, CaseFixtures.specialist()).patientName();

        // then it does not say
        assertThat(name).isEmpty();
        assertThat(lookups).hasValue(0);
    }

    private CaseView viewOf(SecondOpinionCase c, Actor actor) {
        return new CaseView(c, as(actor, c), NOW.atZone(ZoneOffset.UTC).toLocalDate(), () -> {
            lookups.incrementAndGet();
            return "Maria Santos";
        });
    }
}
