package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.consilium.intake.CaseFixtures.NOW;
import static org.consilium.intake.CaseFixtures.anotherCoordinator;
import static org.consilium.intake.CaseFixtures.as;
import static org.consilium.intake.CaseFixtures.anotherPatient;
import static org.consilium.intake.CaseFixtures.anotherSpecialist;
import static org.consilium.intake.CaseFixtures.closedCase;
import static org.consilium.intake.CaseFixtures.collectingRecordsCase;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.declinedCase;
import static org.consilium.intake.CaseFixtures.deliveredCase;
import static org.consilium.intake.CaseFixtures.details;
import static org.consilium.intake.CaseFixtures.discardedCase;
import static org.consilium.intake.CaseFixtures.draftCase;
import static org.consilium.intake.CaseFixtures.inReviewCase;
import static org.consilium.intake.CaseFixtures.offeredCase;
import static org.consilium.intake.CaseFixtures.patient;
import static org.consilium.intake.CaseFixtures.questions;
import static org.consilium.intake.CaseFixtures.readyForMatchingCase;
import static org.consilium.intake.CaseFixtures.specialist;
import static org.consilium.intake.CaseFixtures.submittedCase;
import static org.consilium.intake.CaseFixtures.unsureCase;
import static org.consilium.intake.CaseFixtures.withdrawnCase;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.LongStream;
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
import org.consilium.intake.CaseEvent.DraftDiscarded;
import org.consilium.intake.CaseEvent.DraftEdited;
import org.consilium.intake.CaseEvent.OfferDeclined;
import org.consilium.intake.CaseEvent.OpinionDelivered;
import org.consilium.intake.CaseEvent.RecordsCompleted;
import org.consilium.intake.CaseEvent.SpecialtyChanged;
import org.consilium.shared.CaseId;
import org.consilium.shared.DomainException;
import org.consilium.shared.ExpectedVersion;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.NotFoundException;
import org.consilium.shared.Specialty;
import org.consilium.shared.VersionConflictException;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecondOpinionCaseTests {

    private static final Instant LATER = NOW.plusSeconds(3600);

    @Nested
    class Opening {

        @Test
        void a_patient_opens_a_draft_and_records_CaseOpened() {
            // given
            CaseId id = CaseId.random();

            // when
            SecondOpinionCase opened = SecondOpinionCase.open(id, "C-2026-000042", patient(), details(), questions(),
                    NOW);

            // then
            assertThat(opened.status()).isEqualTo(CaseStatus.DRAFT);
            assertThat(opened.patientId()).isEqualTo(patient().id());
            assertThat(opened.questions()).hasSize(2);
            assertThat(opened.submittedAt()).isEmpty();
            assertThat(opened.pendingEvents())
                    .containsExactly(new CaseOpened(id, "C-2026-000042", patient().id(), Role.PATIENT, NOW));
        }

        @Test
        void opening_without_questions_is_refused_naming_the_questions_field() {
            // given
            List<Question> none = List.of();

            // when / then
            assertThatThrownBy(() -> SecondOpinionCase.open(CaseId.random(), "C-1", patient(), details(), none, NOW))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .containsExactly(new InvalidInputException.Violation("questions",
                                    "ask at least one question")));
        }

        @Test
        void opening_with_more_than_twenty_questions_is_refused_but_twenty_are_accepted() {
            // given
            List<Question> twenty = CaseFixtures.questions(20);
            List<Question> twentyOne = CaseFixtures.questions(21);

            // when
            SecondOpinionCase opened = SecondOpinionCase.open(CaseId.random(), "C-1", patient(), details(), twenty,
                    NOW);

            // then
            assertThat(opened.questions()).hasSize(20);
            assertThatThrownBy(() -> SecondOpinionCase.open(CaseId.random(), "C-2", patient(), details(), twentyOne,
                    NOW))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("ask at most 20 questions");
        }

        @Test
        void only_a_patient_can_open_a_case() {
            // given
            Actor coordinator = coordinator();

            // when / then
            assertThatThrownBy(() -> SecondOpinionCase.open(CaseId.random(), "C-1", coordinator, details(),
                    questions(), NOW))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only a patient can open a case");
        }
    }

    @Nested
    class Submitting {

        @Test
        void the_patient_submits_a_draft() {
            // given
            SecondOpinionCase c = draftCase();

            // when
            c.submit(as(patient(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.SUBMITTED);
            assertThat(c.submittedAt()).contains(LATER);
            assertThat(CasePolicy.inTriagePool(c.facts())).isTrue();
            assertThat(c.pendingEvents()).containsExactly(new CaseSubmitted(c.id(), patient().id(), Role.PATIENT,
                    LATER));
        }

        @Test
        void a_second_submit_is_refused_with_the_state_as_reason() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.submit(as(patient(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is draft can be submitted; this case is submitted");
            assertUnchanged(c, CaseStatus.SUBMITTED);
            assertThat(c.submittedAt()).contains(NOW);
        }

        @Test
        void another_patient_cannot_submit_the_case() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.submit(as(anotherPatient(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.DRAFT);
        }

        @Test
        void a_coordinator_cannot_submit_for_the_patient() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.submit(as(coordinator(), c), LATER)).isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.DRAFT);
        }
    }

    @Nested
    class Triage {

        @Test
        void a_coordinator_accepts_a_submitted_case_and_claims_it() {
            // given
            SecondOpinionCase c = submittedCase();

            // when
            c.acceptAtTriage(as(coordinator(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.COLLECTING_RECORDS);
            assertThat(c.coordinatorId()).contains(coordinator().id());
            assertThat(CasePolicy.inTriagePool(c.facts())).isFalse();
            assertThat(c.pendingEvents()).containsExactly(new CaseTriaged(c.id(), coordinator().id(),
                    Role.COORDINATOR, LATER));
        }

        @Test
        void a_specialist_cannot_triage() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.acceptAtTriage(as(specialist(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void a_draft_is_not_in_the_triage_pool() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.acceptAtTriage(as(coordinator(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertThat(c.coordinatorId()).isEmpty();
        }

        @Test
        void a_coordinator_declines_a_submitted_case_with_a_reason() {
            // given
            SecondOpinionCase c = submittedCase();

            // when
            c.declineCase(as(coordinator(), c), "  Outside our scope  ", LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.DECLINED);
            assertThat(c.declineReason()).contains("Outside our scope");
            assertThat(c.coordinatorId()).contains(coordinator().id());
            assertThat(c.pendingEvents()).containsExactly(new CaseDeclined(c.id(), "Outside our scope",
                    coordinator().id(), Role.COORDINATOR, LATER));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n\t"})
        void declining_a_case_without_a_reason_is_refused(String blank) {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.declineCase(as(coordinator(), c), blank, LATER))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(InvalidInputException.Violation::field).containsExactly("reason"));
            assertThatThrownBy(() -> c.declineCase(as(coordinator(), c), null, LATER))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("Reason is required");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void a_reason_longer_than_the_limit_is_refused() {
            // given
            SecondOpinionCase c = submittedCase();
            String tooLong = "x".repeat(SecondOpinionCase.MAX_REASON + 1);

            // when / then
            assertThatThrownBy(() -> c.declineCase(as(coordinator(), c), tooLong, LATER))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("too long");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void a_triaged_case_can_no_longer_be_declined() {
            // given
            SecondOpinionCase c = collectingRecordsCase();

            // when / then
            assertThatThrownBy(() -> c.declineCase(as(coordinator(), c), "changed my mind", LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is submitted can be declined; this case is collecting records");
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }
    }

    @Nested
    class Records {

        @Test
        void the_triaging_coordinator_marks_records_complete() {
            // given a case whose records checklist is satisfied or waived
            SecondOpinionCase c = collectingRecordsCase();
            c.recordsChecked(RecordsCompleteness.COMPLETE);

            // when
            c.completeRecords(as(coordinator(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.READY_FOR_MATCHING);
            assertThat(c.pendingEvents()).containsExactly(new RecordsCompleted(c.id(), coordinator().id(),
                    Role.COORDINATOR, LATER));
        }

        @Test
        void refuses_to_complete_records_while_checklist_items_are_neither_satisfied_nor_waived() {
            // given
            SecondOpinionCase c = collectingRecordsCase();
            c.recordsChecked(new RecordsCompleteness.StillNeeded(List.of("Pathology report", "PSA history")));

            // when / then
            assertThatThrownBy(() -> c.completeRecords(as(coordinator(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("the records are not complete; still needed: Pathology report; PSA history. Add "
                            + "these records, or waive an item the specialist can do without, with the reason");
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }

        @Test
        void refuses_to_complete_records_whose_checklist_was_not_checked() {
            // given a case nobody asked the records module about
            SecondOpinionCase c = collectingRecordsCase();

            // when / then
            assertThatThrownBy(() -> c.completeRecords(as(coordinator(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageStartingWith("the case's records checklist has not been checked");
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }

        @Test
        void a_change_of_specialty_after_the_check_needs_a_new_check() {
            // given a complete checklist, then another specialty (whose checklist may ask for more)
            SecondOpinionCase c = collectingRecordsCase();
            c.recordsChecked(RecordsCompleteness.COMPLETE);
            c.changeSpecialty(as(coordinator(), c), Specialty.SURGICAL_ONCOLOGY, "surgery is the question", LATER);
            c.clearPendingEvents();

            // when / then
            assertThat(c.recordsCheckedNow()).isFalse();
            assertThatThrownBy(() -> c.completeRecords(as(coordinator(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class);
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }

        @Test
        void a_coordinator_who_did_not_triage_cannot_mark_records_complete() {
            // given
            SecondOpinionCase c = collectingRecordsCase();

            // when / then
            assertThatThrownBy(() -> c.completeRecords(as(anotherCoordinator(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }

        @Test
        void records_cannot_be_completed_twice() {
            // given
            SecondOpinionCase c = readyForMatchingCase();

            // when / then
            assertThatThrownBy(() -> c.completeRecords(as(coordinator(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class);
            assertUnchanged(c, CaseStatus.READY_FOR_MATCHING);
        }
    }

    @Nested
    class Offers {

        @Test
        void the_coordinator_offers_the_case_to_a_specialist() {
            // given
            SecondOpinionCase c = readyForMatchingCase();

            // when
            c.offerTo(as(coordinator(), c), specialist().id(), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.OFFERED);
            assertThat(c.specialistId()).contains(specialist().id());
            assertThat(c.pendingEvents()).containsExactly(new CaseOffered(c.id(), specialist().id(),
                    coordinator().id(), Role.COORDINATOR, LATER));
        }

        @Test
        void another_coordinator_cannot_offer_the_case() {
            // given
            SecondOpinionCase c = readyForMatchingCase();

            // when / then
            assertThatThrownBy(() -> c.offerTo(as(anotherCoordinator(), c), specialist().id(), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.READY_FOR_MATCHING);
            assertThat(c.specialistId()).isEmpty();
        }

        @Test
        void a_case_still_collecting_records_cannot_be_offered() {
            // given
            SecondOpinionCase c = collectingRecordsCase();

            // when / then
            assertThatThrownBy(() -> c.offerTo(as(coordinator(), c), specialist().id(), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is ready for matching can be offered; "
                            + "this case is collecting records");
            assertThat(c.specialistId()).isEmpty();
        }

        @Test
        void the_offered_specialist_accepts() {
            // given
            SecondOpinionCase c = offeredCase();

            // when
            c.acceptOffer(as(specialist(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.IN_REVIEW);
            assertThat(c.specialistId()).contains(specialist().id());
            assertThat(c.pendingEvents()).containsExactly(new CaseAccepted(c.id(), specialist().id(),
                    Role.SPECIALIST, LATER));
        }

        @Test
        void a_specialist_who_was_not_offered_the_case_cannot_accept_it() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.acceptOffer(as(anotherSpecialist(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.OFFERED);
        }

        @Test
        void a_specialist_without_an_offer_cannot_see_the_case_to_accept_it() {
            // given
            SecondOpinionCase c = readyForMatchingCase();

            // when / then
            assertThatThrownBy(() -> c.acceptOffer(as(specialist(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.READY_FOR_MATCHING);
        }

        @Test
        void accepting_twice_is_refused() {
            // given
            SecondOpinionCase c = inReviewCase();

            // when / then
            assertThatThrownBy(() -> c.acceptOffer(as(specialist(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class);
            assertUnchanged(c, CaseStatus.IN_REVIEW);
        }

        @Test
        void a_patient_cannot_accept_an_offer() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.acceptOffer(as(patient(), c), LATER))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only the specialist the case is offered to can accept the offer");
            assertUnchanged(c, CaseStatus.OFFERED);
        }

        @Test
        void the_offered_specialist_declines_with_a_reason_and_the_case_returns_to_matching() {
            // given
            SecondOpinionCase c = offeredCase();

            // when
            c.declineOffer(as(specialist(), c), " On leave until March ", LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.READY_FOR_MATCHING);
            assertThat(c.specialistId()).isEmpty();
            assertThat(c.pendingEvents()).containsExactly(new OfferDeclined(c.id(), "On leave until March",
                    specialist().id(), Role.SPECIALIST, LATER));
        }

        @Test
        void declining_an_offer_without_a_reason_is_refused() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.declineOffer(as(specialist(), c), "  ", LATER))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(InvalidInputException.Violation::field).containsExactly("reason"));
            assertUnchanged(c, CaseStatus.OFFERED);
            assertThat(c.specialistId()).contains(specialist().id());
        }

        @Test
        void another_specialist_cannot_decline_the_offer() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.declineOffer(as(anotherSpecialist(), c), "not mine", LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.OFFERED);
        }

        @Test
        void a_declined_case_can_be_offered_again_to_someone_else() {
            // given
            SecondOpinionCase c = offeredCase();
            c.declineOffer(as(specialist(), c), "On leave", NOW);
            c.clearPendingEvents();

            // when
            c.offerTo(as(coordinator(), c), anotherSpecialist().id(), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.OFFERED);
            assertThat(c.specialistId()).contains(anotherSpecialist().id());
            assertThatThrownBy(() -> c.acceptOffer(as(specialist(), c), LATER))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Nested
    class Delivery {

        @Test
        void the_reviewing_specialist_delivers_the_opinion() {
            // given
            SecondOpinionCase c = inReviewCase();

            // when
            c.deliverOpinion(as(specialist(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.OPINION_DELIVERED);
            assertThat(c.pendingEvents()).containsExactly(new OpinionDelivered(c.id(), specialist().id(),
                    Role.SPECIALIST, LATER));
        }

        @Test
        void another_specialist_cannot_deliver_an_opinion() {
            // given
            SecondOpinionCase c = inReviewCase();

            // when / then
            assertThatThrownBy(() -> c.deliverOpinion(as(anotherSpecialist(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.IN_REVIEW);
        }

        @Test
        void an_opinion_cannot_be_delivered_before_the_offer_is_accepted() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.deliverOpinion(as(specialist(), c), LATER))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only the specialist reviewing this case can deliver an opinion on it");
            assertUnchanged(c, CaseStatus.OFFERED);
        }

        @Test
        void the_coordinator_closes_a_case_whose_opinion_was_delivered() {
            // given
            SecondOpinionCase c = deliveredCase();

            // when
            c.close(as(coordinator(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.CLOSED);
            assertThat(c.pendingEvents()).containsExactly(new CaseClosed(c.id(), coordinator().id(),
                    Role.COORDINATOR, LATER));
        }

        @Test
        void a_case_in_review_cannot_be_closed() {
            // given
            SecondOpinionCase c = inReviewCase();

            // when / then
            assertThatThrownBy(() -> c.close(as(coordinator(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is opinion delivered can be closed; this case is in review");
            assertUnchanged(c, CaseStatus.IN_REVIEW);
        }

        @Test
        void another_coordinator_cannot_close_the_case() {
            // given
            SecondOpinionCase c = deliveredCase();

            // when / then
            assertThatThrownBy(() -> c.close(as(anotherCoordinator(), c), LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.OPINION_DELIVERED);
        }
    }

    @Nested
    class Withdrawal {

        @ParameterizedTest
        @MethodSource("org.consilium.intake.SecondOpinionCaseTests#withdrawableCases")
        void the_patient_withdraws_a_case_before_its_opinion_is_delivered(String state,
                Supplier<SecondOpinionCase> fixture) {
            // given
            SecondOpinionCase c = fixture.get();

            // when
            c.withdraw(as(patient(), c), " Found a trial nearer home ", LATER);

            // then
            assertThat(c.status()).as(state).isEqualTo(CaseStatus.WITHDRAWN);
            assertThat(c.pendingEvents()).containsExactly(new CaseWithdrawn(c.id(), "Found a trial nearer home",
                    patient().id(), Role.PATIENT, LATER));
        }

        @Test
        void a_withdrawal_needs_no_reason() {
            // given
            SecondOpinionCase c = draftCase();

            // when
            c.withdraw(as(patient(), c), "   ", LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.WITHDRAWN);
            assertThat(c.pendingEvents()).containsExactly(new CaseWithdrawn(c.id(), null, patient().id(),
                    Role.PATIENT, LATER));
        }

        @Test
        void withdrawing_after_the_opinion_is_delivered_is_refused() {
            // given
            SecondOpinionCase c = deliveredCase();

            // when / then
            assertThatThrownBy(() -> c.withdraw(as(patient(), c), null, LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("a case can be withdrawn only before its opinion is delivered; "
                            + "this case is opinion delivered");
            assertUnchanged(c, CaseStatus.OPINION_DELIVERED);
        }

        @ParameterizedTest
        @MethodSource("org.consilium.intake.SecondOpinionCaseTests#finishedCases")
        void a_finished_case_cannot_be_withdrawn(String state, Supplier<SecondOpinionCase> fixture) {
            // given
            SecondOpinionCase c = fixture.get();
            CaseStatus before = c.status();

            // when / then
            assertThatThrownBy(() -> c.withdraw(as(patient(), c), null, LATER))
                    .as(state)
                    .isInstanceOf(IllegalTransitionException.class);
            assertUnchanged(c, before);
        }

        @Test
        void another_patient_cannot_withdraw_the_case() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.withdraw(as(anotherPatient(), c), null, LATER))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("case not found");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void a_withdrawal_reason_longer_than_the_limit_is_refused() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.withdraw(as(patient(), c), "x".repeat(SecondOpinionCase.MAX_REASON + 1), LATER))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(InvalidInputException.Violation::field).containsExactly("reason"));
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }
    }

    @Nested
    class Editing {

        private static final List<OpenCase.NewQuestion> ASKED = List.of(
                new OpenCase.NewQuestion(QuestionKind.TREATMENT_OPTIONS, "Is chemotherapy needed at all?"),
                new OpenCase.NewQuestion(QuestionKind.QUALITY_OF_LIFE, "Can I keep working?"),
                new OpenCase.NewQuestion(QuestionKind.OTHER, "Who reads my scans?"));

        private CaseDetails revised() {
            return new CaseDetails("Invasive lobular carcinoma of the left breast", "C50.9", "Breast cancer", "IIB",
                    null, null, null, Specialty.SURGICAL_ONCOLOGY, Urgency.URGENT, null, null);
        }

        @Test
        void the_patient_edits_a_draft_and_each_question_keeps_its_id_where_it_keeps_its_place() {
            // given a stored draft at version 3
            SecondOpinionCase c = draftCase();
            c.savedAs(3, NOW);
            List<QuestionId> before = c.questions().stream().map(Question::id).toList();

            // when
            c.editDraft(as(patient(), c), new ExpectedVersion(3L), revised(), ASKED, LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.DRAFT);
            assertThat(c.details()).isEqualTo(revised());
            assertThat(c.questions()).extracting(Question::text).containsExactly("Is chemotherapy needed at all?",
                    "Can I keep working?", "Who reads my scans?");
            assertThat(c.questions()).extracting(Question::id).startsWith(before.get(0), before.get(1))
                    .doesNotHaveDuplicates();
            assertThat(c.pendingEvents()).containsExactly(new DraftEdited(c.id(), patient().id(), Role.PATIENT,
                    LATER));
        }

        @Test
        void an_edit_of_an_older_version_is_refused_and_changes_nothing() {
            // given a draft saved since the patient loaded version 2
            SecondOpinionCase c = draftCase();
            c.savedAs(3, NOW);

            // when / then
            assertThatThrownBy(() -> c.editDraft(as(patient(), c), new ExpectedVersion(2L), revised(), ASKED, LATER))
                    .isInstanceOfSatisfying(VersionConflictException.class, e -> {
                        assertThat(e.current()).isEqualTo(3);
                        assertThat(e.versionGiven()).isTrue();
                    })
                    .hasMessage("the case was changed elsewhere (now version 3); reload it and apply your edits");
            assertThatThrownBy(() -> c.editDraft(as(patient(), c), new ExpectedVersion(null), revised(), ASKED,
                    LATER)).isInstanceOfSatisfying(VersionConflictException.class,
                            e -> assertThat(e.versionGiven()).isFalse());
            assertThat(c.details()).isEqualTo(details());
            assertUnchanged(c, CaseStatus.DRAFT);
        }

        @Test
        void an_edit_follows_the_rules_of_opening() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.editDraft(as(patient(), c), new ExpectedVersion(0L), revised(), List.of(),
                    LATER)).isInstanceOf(InvalidInputException.class).hasMessage("ask at least one question");
            assertThat(c.questions()).hasSize(2);
            assertUnchanged(c, CaseStatus.DRAFT);
        }

        @Test
        void a_submitted_case_can_no_longer_be_edited() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.editDraft(as(patient(), c), new ExpectedVersion(0L), revised(), ASKED,
                    LATER)).isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is draft can be edited; this case is submitted");
            assertThat(c.details()).isEqualTo(details());
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void another_patient_cannot_edit_the_draft() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.editDraft(as(anotherPatient(), c), new ExpectedVersion(0L), revised(),
                    ASKED, LATER)).isInstanceOf(NotFoundException.class);
            assertUnchanged(c, CaseStatus.DRAFT);
        }
    }

    @Nested
    class Discarding {

        @Test
        void the_patient_discards_a_draft_which_is_kept_as_discarded() {
            // given
            SecondOpinionCase c = draftCase();

            // when
            c.discard(as(patient(), c), LATER);

            // then
            assertThat(c.status()).isEqualTo(CaseStatus.DISCARDED);
            assertThat(c.status().isTerminal()).isTrue();
            assertThat(c.questions()).hasSize(2);
            assertThat(c.pendingEvents()).containsExactly(new DraftDiscarded(c.id(), patient().id(), Role.PATIENT,
                    LATER));
        }

        @Test
        void a_submitted_case_is_withdrawn_not_discarded() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.discard(as(patient(), c), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is draft can be discarded; this case is submitted");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void another_patient_cannot_discard_the_draft() {
            // given
            SecondOpinionCase c = draftCase();

            // when / then
            assertThatThrownBy(() -> c.discard(as(anotherPatient(), c), LATER)).isInstanceOf(NotFoundException.class);
            assertUnchanged(c, CaseStatus.DRAFT);
        }
    }

    @Nested
    class Specialties {

        @Test
        void a_triaging_coordinator_chooses_the_specialty_the_patient_was_not_sure_of() {
            // given
            SecondOpinionCase c = unsureCase();

            // when
            c.changeSpecialty(as(coordinator(), c), Specialty.HEMATOLOGY, " Biopsy shows lymphoma ", LATER);

            // then
            assertThat(c.details().specialty()).isEqualTo(Specialty.HEMATOLOGY);
            assertThat(c.status()).isEqualTo(CaseStatus.SUBMITTED);
            assertThat(c.pendingEvents()).containsExactly(new SpecialtyChanged(c.id(), Specialty.UNSURE,
                    Specialty.HEMATOLOGY, "Biopsy shows lymphoma", CaseStatus.SUBMITTED, coordinator().id(),
                    Role.COORDINATOR, LATER));
        }

        @ParameterizedTest
        @MethodSource("org.consilium.intake.SecondOpinionCaseTests#specialtyChangeableCases")
        void the_case_coordinator_changes_the_specialty_until_the_case_is_offered(String state,
                Supplier<SecondOpinionCase> fixture) {
            // given
            SecondOpinionCase c = fixture.get();
            CaseStatus before = c.status();

            // when
            c.changeSpecialty(as(coordinator(), c), Specialty.SURGICAL_ONCOLOGY, "Surgery is the question", LATER);

            // then
            assertThat(c.details().specialty()).as(state).isEqualTo(Specialty.SURGICAL_ONCOLOGY);
            assertThat(c.status()).as(state).isEqualTo(before);
            assertThat(c.pendingEvents()).hasSize(1);
        }

        @Test
        void an_offered_case_keeps_its_specialty() {
            // given
            SecondOpinionCase c = offeredCase();

            // when / then
            assertThatThrownBy(() -> c.changeSpecialty(as(coordinator(), c), Specialty.HEMATOLOGY, "why", LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("only a case that is submitted or collecting records or ready for matching can be "
                            + "given another specialty; this case is offered to a specialist");
            assertThat(c.details().specialty()).isEqualTo(Specialty.MEDICAL_ONCOLOGY);
            assertUnchanged(c, CaseStatus.OFFERED);
        }

        @Test
        void the_patient_cannot_change_the_specialty_once_submitted() {
            // given
            SecondOpinionCase c = submittedCase();

            // when / then
            assertThatThrownBy(() -> c.changeSpecialty(as(patient(), c), Specialty.HEMATOLOGY, "why", LATER))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only the case's coordinator can change its specialty");
            assertUnchanged(c, CaseStatus.SUBMITTED);
        }

        @Test
        void a_change_needs_a_reason_and_a_specialty_someone_practises_other_than_the_current_one() {
            // given
            SecondOpinionCase c = collectingRecordsCase();

            // when / then
            assertThatThrownBy(() -> c.changeSpecialty(as(coordinator(), c), Specialty.UNSURE, " ", LATER))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(InvalidInputException.Violation::field)
                            .containsExactly("specialty", "reason"));
            assertThatThrownBy(() -> c.changeSpecialty(as(coordinator(), c), Specialty.MEDICAL_ONCOLOGY, "same",
                    LATER)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("the case already asks for medical oncology");
            assertThatThrownBy(() -> c.changeSpecialty(as(coordinator(), c), null, "none", LATER))
                    .isInstanceOf(InvalidInputException.class).hasMessage("specialty is required");
            assertThat(c.details().specialty()).isEqualTo(Specialty.MEDICAL_ONCOLOGY);
            assertUnchanged(c, CaseStatus.COLLECTING_RECORDS);
        }

        @Test
        void a_case_whose_specialty_is_not_chosen_cannot_be_offered_until_it_is() {
            // given an unsure case, triaged and with its records complete
            SecondOpinionCase c = unsureCase();
            c.acceptAtTriage(as(coordinator(), c), NOW);
            c.recordsChecked(RecordsCompleteness.COMPLETE);
            c.completeRecords(as(coordinator(), c), NOW);
            c.clearPendingEvents();

            // when / then
            assertThatThrownBy(() -> c.offerTo(as(coordinator(), c), specialist().id(), LATER))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("the patient was not sure which specialty the case needs; choose its specialty "
                            + "before offering it to a specialist");
            assertUnchanged(c, CaseStatus.READY_FOR_MATCHING);
            c.changeSpecialty(as(coordinator(), c), Specialty.MEDICAL_ONCOLOGY, "Adjuvant treatment", LATER);
            c.offerTo(as(coordinator(), c), specialist().id(), LATER);
            assertThat(c.status()).isEqualTo(CaseStatus.OFFERED);
        }
    }

    static List<org.junit.jupiter.params.provider.Arguments> specialtyChangeableCases() {
        return List.of(
                arguments("submitted", CaseFixtures::submittedCase),
                arguments("collecting records", CaseFixtures::collectingRecordsCase),
                arguments("ready for matching", CaseFixtures::readyForMatchingCase));
    }

    static List<org.junit.jupiter.params.provider.Arguments> withdrawableCases() {
        return List.of(
                arguments("draft", CaseFixtures::draftCase),
                arguments("submitted", CaseFixtures::submittedCase),
                arguments("collecting records", CaseFixtures::collectingRecordsCase),
                arguments("ready for matching", CaseFixtures::readyForMatchingCase),
                arguments("offered", CaseFixtures::offeredCase),
                arguments("in review", CaseFixtures::inReviewCase));
    }

    static List<org.junit.jupiter.params.provider.Arguments> finishedCases() {
        return List.of(
                arguments("opinion delivered", CaseFixtures::deliveredCase),
                arguments("closed", CaseFixtures::closedCase),
                arguments("withdrawn", CaseFixtures::withdrawnCase),
                arguments("declined", CaseFixtures::declinedCase),
                arguments("discarded", CaseFixtures::discardedCase));
    }

    private static org.junit.jupiter.params.provider.Arguments arguments(String state,
            Supplier<SecondOpinionCase> fixture) {
        return org.junit.jupiter.params.provider.Arguments.argumentSet(state, state, fixture);
    }

    @Test
    void terminal_cases_refuse_every_further_step() {
        // given
        List<SecondOpinionCase> finished = List.of(closedCase(), withdrawnCase(), declinedCase(), discardedCase());

        // when / then
        for (SecondOpinionCase c : finished) {
            CaseStatus before = c.status();
            for (Step step : Step.values()) {
                assertThatThrownBy(() -> step.apply(c, step.rightActor(specialist().id()), specialist().id(), LATER))
                        .as("%s on a %s case", step, before)
                        .isInstanceOf(DomainException.class);
            }
            assertUnchanged(c, before);
        }
    }

    /**
     * Random walks through the lifecycle, each seeded so a failure can be replayed: every step either moves the case
     * exactly as the lifecycle table says, with one event carrying the new status and the actor, or is refused and
     * changes nothing. Actors who have no part in a step never succeed at it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void random_walks_follow_the_lifecycle_table(long seed) {
        // given
        Random random = new Random(seed);
        SecondOpinionCase c = draftCase();
        UserId reviewer = null;

        for (int i = 0; i < 40; i++) {
            Step step = Step.values()[random.nextInt(Step.values().length)];
            boolean rightful = random.nextInt(4) > 0;
            UserId target = random.nextBoolean() ? specialist().id() : anotherSpecialist().id();
            Actor actor = rightful ? step.rightActor(reviewer) : step.wrongActor(reviewer);
            CaseStatus before = c.status();
            Optional<CaseStatus> expected = Optional.ofNullable(LIFECYCLE.get(before).get(step))
                    .filter(next -> rightful);
            List<CaseEvent> eventsBefore = c.pendingEvents();
            String where = "seed " + seed + ", step " + i + ": " + step + " by " + actor.displayName() + " on a "
                    + before + " case";

            // when
            Optional<DomainException> refusal = attempt(() -> step.apply(c, actor, target, LATER));

            // then
            if (expected.isPresent()) {
                assertThat(refusal).as(where).isEmpty();
                assertThat(c.status()).as(where).isEqualTo(expected.get());
                assertThat(c.pendingEvents()).as(where).hasSize(eventsBefore.size() + 1);
                assertThat(c.pendingEvents().getLast().status()).as(where).isEqualTo(expected.get());
                assertThat(c.pendingEvents().getLast().actorId()).as(where).isEqualTo(actor.id());
                if (step == Step.OFFER) {
                    reviewer = target;
                }
            } else {
                assertThat(refusal).as(where).isPresent();
                assertThat(refusal.get()).as(where).isInstanceOfAny(IllegalTransitionException.class,
                        ForbiddenActionException.class, NotFoundException.class);
                assertThat(c.status()).as(where).isEqualTo(before);
                assertThat(c.pendingEvents()).as(where).isEqualTo(eventsBefore);
            }
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 50);
    }

    /** The legal moves: from a status, a step taken by its rightful actor, to the next status. */
    private static final Map<CaseStatus, Map<Step, CaseStatus>> LIFECYCLE = lifecycle();

    private static Map<CaseStatus, Map<Step, CaseStatus>> lifecycle() {
        Map<CaseStatus, Map<Step, CaseStatus>> table = new EnumMap<>(CaseStatus.class);
        for (CaseStatus status : CaseStatus.values()) {
            table.put(status, new EnumMap<>(Step.class));
        }
        table.get(CaseStatus.DRAFT).put(Step.SUBMIT, CaseStatus.SUBMITTED);
        table.get(CaseStatus.DRAFT).put(Step.EDIT, CaseStatus.DRAFT);
        table.get(CaseStatus.DRAFT).put(Step.DISCARD, CaseStatus.DISCARDED);
        for (CaseStatus status : List.of(CaseStatus.SUBMITTED, CaseStatus.COLLECTING_RECORDS,
                CaseStatus.READY_FOR_MATCHING)) {
            table.get(status).put(Step.CHANGE_SPECIALTY, status);
        }
        table.get(CaseStatus.SUBMITTED).put(Step.TRIAGE, CaseStatus.COLLECTING_RECORDS);
        table.get(CaseStatus.SUBMITTED).put(Step.DECLINE_CASE, CaseStatus.DECLINED);
        table.get(CaseStatus.COLLECTING_RECORDS).put(Step.COMPLETE_RECORDS, CaseStatus.READY_FOR_MATCHING);
        table.get(CaseStatus.READY_FOR_MATCHING).put(Step.OFFER, CaseStatus.OFFERED);
        table.get(CaseStatus.OFFERED).put(Step.ACCEPT_OFFER, CaseStatus.IN_REVIEW);
        table.get(CaseStatus.OFFERED).put(Step.DECLINE_OFFER, CaseStatus.READY_FOR_MATCHING);
        table.get(CaseStatus.IN_REVIEW).put(Step.DELIVER, CaseStatus.OPINION_DELIVERED);
        table.get(CaseStatus.OPINION_DELIVERED).put(Step.CLOSE, CaseStatus.CLOSED);
        for (CaseStatus status : List.of(CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.COLLECTING_RECORDS,
                CaseStatus.READY_FOR_MATCHING, CaseStatus.OFFERED, CaseStatus.IN_REVIEW)) {
            table.get(status).put(Step.WITHDRAW, CaseStatus.WITHDRAWN);
        }
        return table;
    }

    /** Each transition, with who may take it and someone who may not. */
    private enum Step {
        SUBMIT, EDIT, DISCARD, TRIAGE, DECLINE_CASE, CHANGE_SPECIALTY, COMPLETE_RECORDS, OFFER, ACCEPT_OFFER,
        DECLINE_OFFER, DELIVER, WITHDRAW, CLOSE;

        void apply(SecondOpinionCase c, Actor actor, UserId offerTarget, Instant now) {
            switch (this) {
                case SUBMIT -> c.submit(as(actor, c), now);
                case EDIT -> c.editDraft(as(actor, c), new ExpectedVersion(c.version()), details(),
                        List.of(new OpenCase.NewQuestion(QuestionKind.OTHER, "Edited at " + now)), now);
                case DISCARD -> c.discard(as(actor, c), now);
                case CHANGE_SPECIALTY -> c.changeSpecialty(as(actor, c),
                        c.details().specialty() == Specialty.HEMATOLOGY ? Specialty.MEDICAL_ONCOLOGY
                                : Specialty.HEMATOLOGY, "the records say otherwise", now);
                case TRIAGE -> c.acceptAtTriage(as(actor, c), now);
                case DECLINE_CASE -> c.declineCase(as(actor, c), "out of scope", now);
                case COMPLETE_RECORDS -> {
                    // The walk is about who and when; the checklist's own refusals are tested above.
                    c.recordsChecked(RecordsCompleteness.COMPLETE);
                    c.completeRecords(as(actor, c), now);
                }
                case OFFER -> c.offerTo(as(actor, c), offerTarget, now);
                case ACCEPT_OFFER -> c.acceptOffer(as(actor, c), now);
                case DECLINE_OFFER -> c.declineOffer(as(actor, c), "no capacity", now);
                case DELIVER -> c.deliverOpinion(as(actor, c), now);
                case WITHDRAW -> c.withdraw(as(actor, c), null, now);
                case CLOSE -> c.close(as(actor, c), now);
            }
        }

        /** The patient, the coordinator who triages in every walk, or the specialist last offered the case. */
        Actor rightActor(UserId reviewer) {
            return switch (this) {
                case SUBMIT, EDIT, DISCARD, WITHDRAW -> patient();
                case TRIAGE, DECLINE_CASE, CHANGE_SPECIALTY, COMPLETE_RECORDS, OFFER, CLOSE -> coordinator();
                case ACCEPT_OFFER, DECLINE_OFFER, DELIVER -> isAnotherSpecialist(reviewer) ? anotherSpecialist()
                        : specialist();
            };
        }

        Actor wrongActor(UserId reviewer) {
            return switch (this) {
                case SUBMIT, EDIT, DISCARD, WITHDRAW -> anotherPatient();
                case TRIAGE, DECLINE_CASE -> specialist();
                // Any coordinator may change the specialty of a case in the triage pool; the patient never may.
                case CHANGE_SPECIALTY -> patient();
                case COMPLETE_RECORDS, OFFER, CLOSE -> anotherCoordinator();
                case ACCEPT_OFFER, DECLINE_OFFER, DELIVER -> isAnotherSpecialist(reviewer) ? specialist()
                        : anotherSpecialist();
            };
        }

        private static boolean isAnotherSpecialist(UserId reviewer) {
            return anotherSpecialist().id().equals(reviewer);
        }
    }

    private static Optional<DomainException> attempt(Runnable action) {
        try {
            action.run();
            return Optional.empty();
        } catch (DomainException e) {
            return Optional.of(e);
        }
    }

    private static void assertUnchanged(SecondOpinionCase c, CaseStatus status) {
        assertThat(c.status()).isEqualTo(status);
        assertThat(c.pendingEvents()).isEmpty();
    }
}
