package org.consilium.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.consilium.intake.CaseFixtures.NOW;
import static org.consilium.intake.CaseFixtures.anotherSpecialist;
import static org.consilium.intake.CaseFixtures.coordinator;
import static org.consilium.intake.CaseFixtures.patient;
import static org.consilium.intake.CaseFixtures.specialist;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.consilium.identity.Actor;
import org.consilium.intake.CaseFixtures;
import org.consilium.intake.Question;
import org.consilium.intake.QuestionId;
import org.consilium.review.OpinionDraft.RawAnswer;
import org.consilium.shared.CaseId;
import org.consilium.shared.ForbiddenActionException;
import org.consilium.shared.IllegalTransitionException;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.InvalidInputException.Violation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpinionTests {

    private final List<Question> questions = CaseFixtures.questions();

    @Nested
    class Signing {

        @Test
        void a_complete_opinion_is_signed_and_sealed() {
            // given
            Opinion opinion = draft(complete());
            Signature seal = seal();

            // when
            opinion.sign(specialist(), questions, seal);

            // then
            assertThat(opinion.status()).isEqualTo(OpinionStatus.SIGNED);
            assertThat(opinion.signature()).contains(seal);
        }

        @Test
        void signing_with_an_unanswered_question_is_refused_naming_the_question() {
            // given
            Opinion opinion = draft(withAnswers(complete(),
                    Map.of(questions.getFirst().id(), "Yes, four cycles.")));

            // when / then
            assertThatThrownBy(() -> opinion.sign(specialist(), questions, seal()))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("the opinion cannot be signed yet; it still needs an answer to question 2 "
                            + "(Risks and benefits)");
            assertThat(opinion.status()).isEqualTo(OpinionStatus.DRAFT);
            assertThat(opinion.signature()).isEmpty();
        }

        @Test
        void a_blank_answer_counts_as_unanswered() {
            // given
            Map<QuestionId, String> answers = new LinkedHashMap<>();
            answers.put(questions.get(0).id(), "   ");
            answers.put(questions.get(1).id(), "Mostly fatigue.");
            OpinionContent content = withAnswers(complete(), answers);

            // when
            List<String> missing = content.missingForSignature(questions);

            // then
            assertThat(missing).containsExactly("an answer to question 1 (Treatment options)");
        }

        @Test
        void an_empty_draft_lists_everything_signing_needs() {
            // given
            Opinion opinion = Opinion.start(CaseId.random(), specialist());

            // when
            List<String> missing = opinion.missingForSignature(questions);

            // then
            assertThat(missing).containsExactly(
                    "the diagnosis assessment",
                    "the plan recommendation",
                    "an answer to question 1 (Treatment options)",
                    "an answer to question 2 (Risks and benefits)",
                    "the plain-language summary for the patient");
        }

        @Test
        void a_revised_diagnosis_is_required_unless_the_diagnosis_is_confirmed() {
            // given
            OpinionContent modified = withDiagnosis(complete(), DiagnosisAssessment.MODIFIED, null);
            OpinionContent changed = withDiagnosis(complete(), DiagnosisAssessment.CHANGED, "  ");
            OpinionContent confirmed = withDiagnosis(complete(), DiagnosisAssessment.CONFIRMED, null);
            OpinionContent modifiedWithRevision = withDiagnosis(complete(), DiagnosisAssessment.MODIFIED,
                    "Stage IIB");

            // when / then
            assertThat(modified.missingForSignature(questions)).containsExactly("the revised diagnosis");
            assertThat(changed.missingForSignature(questions)).containsExactly("the revised diagnosis");
            assertThat(confirmed.missingForSignature(questions)).isEmpty();
            assertThat(modifiedWithRevision.missingForSignature(questions)).isEmpty();
        }

        @Test
        void a_recommended_plan_is_required_unless_the_specialist_agrees_with_the_plan() {
            // given
            OpinionContent modify = withPlan(complete(), PlanRecommendation.MODIFY, null);
            OpinionContent alternative = withPlan(complete(), PlanRecommendation.ALTERNATIVE, " ");
            OpinionContent agree = withPlan(complete(), PlanRecommendation.AGREE, null);

            // when / then
            assertThat(modify.missingForSignature(questions)).containsExactly("the recommended plan");
            assertThat(alternative.missingForSignature(questions)).containsExactly("the recommended plan");
            assertThat(agree.missingForSignature(questions)).isEmpty();
        }

        @Test
        void signing_a_plan_change_without_the_recommended_plan_is_refused() {
            // given
            Opinion opinion = draft(withPlan(complete(), PlanRecommendation.ALTERNATIVE, null));

            // when / then
            assertThatThrownBy(() -> opinion.sign(specialist(), questions, seal()))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("the recommended plan");
            assertThat(opinion.status()).isEqualTo(OpinionStatus.DRAFT);
        }

        @Test
        void a_signed_opinion_cannot_be_signed_again() {
            // given
            Opinion opinion = signed();
            Signature first = opinion.signature().orElseThrow();

            // when / then
            assertThatThrownBy(() -> opinion.sign(specialist(), questions, seal()))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("the opinion is already signed");
            assertThat(opinion.signature()).containsSame(first);
        }

        @Test
        void only_the_author_may_sign() {
            // given
            Opinion opinion = draft(complete());

            // when / then
            assertThatThrownBy(() -> opinion.sign(anotherSpecialist(), questions, seal()))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only the specialist who writes this opinion can sign it");
            assertThatThrownBy(() -> opinion.sign(patient(), questions, seal()))
                    .isInstanceOf(ForbiddenActionException.class);
            assertThat(opinion.status()).isEqualTo(OpinionStatus.DRAFT);
        }
    }

    @Nested
    class Editing {

        @Test
        void the_author_revises_a_draft() {
            // given
            Opinion opinion = Opinion.start(CaseId.random(), specialist());
            OpinionContent content = complete();

            // when
            opinion.revise(specialist(), content);

            // then
            assertThat(opinion.content()).isEqualTo(content);
            assertThat(opinion.status()).isEqualTo(OpinionStatus.DRAFT);
        }

        @Test
        void a_signed_opinion_cannot_be_revised() {
            // given
            Opinion opinion = signed();
            OpinionContent before = opinion.content();

            // when / then
            assertThatThrownBy(() -> opinion.revise(specialist(), OpinionContent.empty()))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessage("the opinion is signed and can no longer be edited");
            assertThat(opinion.content()).isEqualTo(before);
        }

        @Test
        void only_the_author_may_edit() {
            // given
            Opinion opinion = draft(complete());
            OpinionContent before = opinion.content();

            // when / then
            assertThatThrownBy(() -> opinion.revise(anotherSpecialist(), OpinionContent.empty()))
                    .isInstanceOf(ForbiddenActionException.class)
                    .hasMessage("only the specialist who writes this opinion can edit it");
            assertThatThrownBy(() -> opinion.revise(coordinator(), OpinionContent.empty()))
                    .isInstanceOf(ForbiddenActionException.class);
            assertThat(opinion.content()).isEqualTo(before);
        }

        @Test
        void only_a_specialist_starts_an_opinion() {
            // given
            Actor coordinator = coordinator();

            // when / then
            assertThatThrownBy(() -> Opinion.start(CaseId.random(), coordinator))
                    .isInstanceOf(ForbiddenActionException.class);
        }
    }

    @Nested
    class Drafts {

        @Test
        void a_draft_becomes_content_with_answers_in_the_cases_question_order() {
            // given
            OpinionDraft draft = new OpinionDraft("MODIFIED", " Stage IIB ", "AGREE", null, List.of(
                    new RawAnswer(questions.get(1).id().toString(), " Fatigue, mostly. "),
                    new RawAnswer(" " + questions.get(0).id() + " ", "Yes.")),
                    Arrays.asList(" MRI ", "", null, "PET-CT"), " All is well. ");

            // when
            OpinionContent content = draft.toContent(questions);

            // then
            assertThat(content.diagnosisAssessment()).isEqualTo(DiagnosisAssessment.MODIFIED);
            assertThat(content.revisedDiagnosis()).isEqualTo("Stage IIB");
            assertThat(content.planRecommendation()).isEqualTo(PlanRecommendation.AGREE);
            assertThat(content.answers().keySet()).containsExactly(questions.get(0).id(), questions.get(1).id());
            assertThat(content.answers().values()).containsExactly("Yes.", "Fatigue, mostly.");
            assertThat(content.furtherTests()).containsExactly("MRI", "PET-CT");
            assertThat(content.patientSummary()).isEqualTo("All is well.");
            assertThat(content.missingForSignature(questions)).isEmpty();
        }

        @Test
        void an_answer_to_a_question_not_in_the_case_is_refused() {
            // given
            OpinionDraft draft = answering(
                    new RawAnswer(questions.get(0).id().toString(), "Yes."),
                    new RawAnswer(UUID.randomUUID().toString(), "To some other case"),
                    new RawAnswer("not-a-uuid", "Garbled"),
                    new RawAnswer(null, "No id"));

            // when
            InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
                    () -> draft.toContent(questions));

            // then
            assertThat(refused.violations()).extracting(Violation::field)
                    .containsExactly("answers[1].questionId", "answers[2].questionId", "answers[3].questionId");
            assertThat(refused.violations().getFirst().message())
                    .isEqualTo("The question of answer 2 is not a question of this case");
        }

        @Test
        void a_question_answered_twice_is_refused() {
            // given
            String id = questions.get(0).id().toString();
            OpinionDraft draft = answering(new RawAnswer(id, "Yes."), new RawAnswer(id, "No."));

            // when
            InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
                    () -> draft.toContent(questions));

            // then
            assertThat(refused.violations())
                    .containsExactly(new Violation("answers[1].questionId", "the question is answered twice"));
        }

        @Test
        void unknown_assessments_and_oversized_text_are_refused_together() {
            // given
            String huge = "x".repeat(OpinionContent.MAX_TEXT + 1);
            OpinionDraft draft = new OpinionDraft("PROBABLY", huge, "MAYBE", huge,
                    List.of(new RawAnswer(questions.get(0).id().toString(), huge)),
                    List.of("t".repeat(501)), huge);

            // when
            InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
                    () -> draft.toContent(questions));

            // then
            assertThat(refused.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                    "diagnosisAssessment", "planRecommendation", "revisedDiagnosis", "recommendedPlan",
                    "patientSummary", "answers[0].text", "furtherTests[0]");
        }

        @Test
        void more_than_thirty_further_tests_are_refused() {
            // given
            List<String> tests = java.util.stream.IntStream.rangeClosed(1, OpinionContent.MAX_TESTS + 1)
                    .mapToObj(i -> "Test " + i).toList();
            OpinionDraft draft = new OpinionDraft(null, null, null, null, null, tests, null);

            // when / then
            assertThatThrownBy(() -> draft.toContent(questions))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                            .extracting(Violation::field).containsExactly("furtherTests"));
        }

        @Test
        void an_empty_draft_is_an_empty_content() {
            // given
            OpinionDraft draft = new OpinionDraft(null, null, null, null, null, null, null);

            // when
            OpinionContent content = draft.toContent(questions);

            // then
            assertThat(content).isEqualTo(OpinionContent.empty());
        }
    }

    /** A fully answered content that signing accepts: the diagnosis confirmed, the plan changed. */
    private OpinionContent complete() {
        Map<QuestionId, String> answers = new LinkedHashMap<>();
        answers.put(questions.get(0).id(), "Yes, four cycles of docetaxel and cyclophosphamide.");
        answers.put(questions.get(1).id(), "Mostly fatigue and a small risk of infection.");
        return new OpinionContent(DiagnosisAssessment.CONFIRMED, null, PlanRecommendation.MODIFY,
                "Four cycles instead of six", answers, List.of("Oncotype DX"), "Your diagnosis is right.");
    }

    private Opinion draft(OpinionContent content) {
        Opinion opinion = Opinion.start(CaseId.random(), specialist());
        opinion.revise(specialist(), content);
        return opinion;
    }

    private Opinion signed() {
        Opinion opinion = draft(complete());
        opinion.sign(specialist(), questions, seal());
        return opinion;
    }

    private static Signature seal() {
        return new Signature("ab".repeat(32), "c2lnbmF0dXJl", "0123456789abcdef", specialist().id(),
                specialist().displayName(), "password", NOW, "abcdefghijklmnopqrstuvwxyz234567");
    }

    private static OpinionDraft answering(RawAnswer... answers) {
        return new OpinionDraft(null, null, null, null, List.of(answers), null, null);
    }

    private static OpinionContent withAnswers(OpinionContent c, Map<QuestionId, String> answers) {
        return new OpinionContent(c.diagnosisAssessment(), c.revisedDiagnosis(), c.planRecommendation(),
                c.recommendedPlan(), answers, c.furtherTests(), c.patientSummary());
    }

    private static OpinionContent withDiagnosis(OpinionContent c, DiagnosisAssessment assessment,
            String revisedDiagnosis) {
        return new OpinionContent(assessment, revisedDiagnosis, c.planRecommendation(), c.recommendedPlan(),
                c.answers(), c.furtherTests(), c.patientSummary());
    }

    private static OpinionContent withPlan(OpinionContent c, PlanRecommendation plan, String recommendedPlan) {
        return new OpinionContent(c.diagnosisAssessment(), c.revisedDiagnosis(), plan, recommendedPlan,
                c.answers(), c.furtherTests(), c.patientSummary());
    }
}
