package org.consilium.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.consilium.intake.OpenCase.RawQuestion;
import org.consilium.shared.InvalidInputException;
import org.consilium.shared.InvalidInputException.Violation;
import org.consilium.shared.Specialty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenCaseTests {

    @Test
    void a_complete_request_parses_with_trimmed_text_and_routine_urgency_by_default() {
        // given
        Form form = validForm().diagnosis("  Glioblastoma  ").icd10Code(" c71.9 ").urgency(null)
                .stage("   ").decisionDeadline(" 2027-02-01 ");

        // when
        OpenCase command = form.parse();

        // then
        CaseDetails details = command.details();
        assertThat(details.diagnosis()).isEqualTo("Glioblastoma");
        assertThat(details.icd10Code()).isEqualTo("C71.9");
        assertThat(details.stage()).isNull();
        assertThat(details.specialty()).isEqualTo(Specialty.MEDICAL_ONCOLOGY);
        assertThat(details.urgency()).isEqualTo(Urgency.ROUTINE);
        assertThat(details.decisionDeadline()).isEqualTo(LocalDate.of(2027, 2, 1));
        assertThat(command.questions()).containsExactly(
                new OpenCase.NewQuestion(QuestionKind.TREATMENT_OPTIONS, "Is surgery an option?"));
    }

    @Test
    void every_problem_is_reported_at_once_with_its_field() {
        // given
        Form form = new Form().diagnosis(" ").icd10Code("50.9").specialty("ONCOLOGY").urgency("SOON")
                .decisionDeadline("next week").stage("x".repeat(51)).questions(List.of());

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "diagnosis", "icd10Code", "specialty", "urgency", "decisionDeadline", "stage", "questions");
    }

    @Test
    void every_message_names_its_field_in_words_while_the_field_keeps_its_api_name() {
        // given a request for someone else with every field wrong, and a question over its length
        List<RawQuestion> asked = List.of(new RawQuestion("SECOND_OPINION", "x".repeat(Question.MAX_TEXT + 1)));

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> OpenCase.parse(
                " ", "50.9", "x".repeat(201), "x".repeat(51), "x".repeat(2001), "x".repeat(5001), "x".repeat(5001),
                null, "SOON", "next week", asked,
                new OpenCase.RawProxy("SOMEONE_ELSE", " ", "30 April 1961", "AUNT")));

        // then no message spells a field's API name; each starts with the field's words
        assertThat(refused.violations()).extracting(Violation::field).contains("patientName", "patientBirthDate",
                "relationship", "decisionDeadline", "treatmentSoFar", "questions[0].kind", "questions[0].text");
        assertThat(refused.violations()).allSatisfy(v -> {
            assertThat(v.message()).startsWith(org.consilium.shared.FieldLabels.of(v.field()));
            assertThat(org.consilium.shared.FieldLabels.hasWords(v.field())).as(v.field()).isTrue();
            if (v.field().matches(".*[A-Z\\[].*")) {
                assertThat(v.message()).doesNotContain(v.field());
            }
        });
        assertThat(refused.violations()).extracting(Violation::message).contains("Patient's name is required",
                "Question 1 is too long (at most 2000 characters)",
                "Patient's date of birth must be a date like 1961-04-30");
    }

    @Test
    void an_unknown_specialty_is_named_with_the_accepted_values() {
        // given
        Form form = validForm().specialty("ONCOLOGY");

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations()).containsExactly(new Violation("specialty",
                "Specialty 'ONCOLOGY' is not one of MEDICAL_ONCOLOGY, SURGICAL_ONCOLOGY, RADIATION_ONCOLOGY, "
                        + "HEMATOLOGY, NEUROSURGERY, CARDIOLOGY, ORTHOPEDICS, UNSURE"));
    }

    @Test
    void a_patient_who_does_not_know_the_specialty_says_so() {
        // given
        Form form = validForm().specialty("UNSURE");

        // when
        OpenCase parsed = form.parse();

        // then
        assertThat(parsed.details().specialty()).isEqualTo(org.consilium.shared.Specialty.UNSURE);
        assertThat(parsed.details().specialty().isChosen()).isFalse();
    }

    @Test
    void an_unknown_urgency_and_question_kind_are_named_with_the_accepted_values() {
        // given
        Form form = validForm().urgency("urgent")
                .questions(List.of(new RawQuestion("SECOND_OPINION", "Should I have surgery?")));

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations()).containsExactly(
                new Violation("urgency", "Urgency 'urgent' is not one of ROUTINE, URGENT"),
                new Violation("questions[0].kind", "The topic of question 1 'SECOND_OPINION' is not one of "
                        + "TREATMENT_OPTIONS, RISKS_AND_BENEFITS, ADDITIONAL_TESTS, QUALITY_OF_LIFE, "
                        + "OUTCOME_LIKELIHOOD, OTHER"));
    }

    @Test
    void a_very_long_unknown_value_is_shortened_in_the_message() {
        // given
        Form form = validForm().specialty("X".repeat(5000));

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations().getFirst().message())
                .startsWith("Specialty '" + "X".repeat(40) + "…'")
                .hasSizeLessThan(300);
    }

    @Test
    void a_missing_specialty_is_required() {
        // given
        Form form = validForm().specialty(null);

        // when / then
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("specialty", "Specialty is required")));
    }

    @Test
    void blank_questions_are_ignored() {
        // given
        Form form = validForm().questions(Arrays.asList(
                new RawQuestion("OTHER", "   "),
                null,
                new RawQuestion("RISKS_AND_BENEFITS", " What are the risks? "),
                new RawQuestion(null, null)));

        // when
        OpenCase command = form.parse();

        // then
        assertThat(command.questions()).containsExactly(
                new OpenCase.NewQuestion(QuestionKind.RISKS_AND_BENEFITS, "What are the risks?"));
    }

    @Test
    void only_blank_questions_count_as_no_question() {
        // given
        Form form = validForm().questions(List.of(new RawQuestion("OTHER", " "), new RawQuestion("OTHER", "")));

        // when / then
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("questions", "ask at least one question")));
    }

    @Test
    void missing_questions_are_refused() {
        // given
        Form form = validForm().questions(null);

        // when / then
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("questions"));
    }

    @Test
    void a_problem_question_is_named_by_its_position_in_the_request() {
        // given: a blank question first, which is ignored, then one with an unknown kind
        Form form = validForm().questions(List.of(
                new RawQuestion("OTHER", " "),
                new RawQuestion("TREATMENT_OPTIONS", "Is surgery an option?"),
                new RawQuestion("NONSENSE", "What about radiotherapy?")));

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations()).extracting(Violation::field).containsExactly("questions[2].kind");
    }

    @Test
    void more_than_twenty_questions_are_refused_but_twenty_are_accepted() {
        // given
        Form twenty = validForm().questions(questions(20));
        Form twentyOne = validForm().questions(questions(21));

        // when
        OpenCase accepted = twenty.parse();

        // then
        assertThat(accepted.questions()).hasSize(20);
        assertThatThrownBy(twentyOne::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("questions", "ask at most 20 questions; this asks 21")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C5", "50.9", "C50.", "C50.12345", "U07.1", "C509", "C50-9", "CC0.9", "C50.9 x"})
    void a_malformed_icd10_code_is_refused(String code) {
        // given
        Form form = validForm().icd10Code(code);

        // when / then
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("icd10Code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C50", "C50.9", "c50.911", "D3A.0", "Z80.3", "C4A.9"})
    void a_well_formed_icd10_code_is_accepted_in_upper_case(String code) {
        // given
        Form form = validForm().icd10Code(code);

        // when
        OpenCase command = form.parse();

        // then
        assertThat(command.details().icd10Code()).isEqualTo(code.toUpperCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31/12/2026", "2026-02-30", "2026-13-01", "tomorrow", "2026-1-5"})
    void a_bad_decision_deadline_is_refused(String date) {
        // given
        Form form = validForm().decisionDeadline(date);

        // when / then
        assertThatThrownBy(form::parse)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("decisionDeadline",
                                "Date of a treatment decision must be a date like 2026-12-31")));
    }

    @Test
    void oversized_fields_are_refused_each_by_name() {
        // given
        Form form = validForm()
                .diagnosis("d".repeat(501))
                .cancerType("c".repeat(201))
                .stage("s".repeat(51))
                .biomarkers("b".repeat(2001))
                .treatmentSoFar("t".repeat(5001))
                .proposedPlan("p".repeat(5001))
                .questions(List.of(new RawQuestion("OTHER", "q".repeat(Question.MAX_TEXT + 1))));

        // when
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, form::parse);

        // then
        assertThat(refused.violations()).extracting(Violation::field).containsExactlyInAnyOrder(
                "diagnosis", "cancerType", "stage", "biomarkers", "treatmentSoFar", "proposedPlan",
                "questions[0].text");
        assertThat(refused.violations()).extracting(Violation::message)
                .contains("Diagnosis is too long (at most 500 characters)");
    }

    @Test
    void fields_at_their_limits_are_accepted() {
        // given
        Form form = validForm()
                .diagnosis("d".repeat(500))
                .cancerType("c".repeat(200))
                .stage("s".repeat(50))
                .biomarkers("b".repeat(2000))
                .treatmentSoFar("t".repeat(5000))
                .proposedPlan("p".repeat(5000))
                .questions(List.of(new RawQuestion("OTHER", "q".repeat(Question.MAX_TEXT))));

        // when
        OpenCase command = form.parse();

        // then
        assertThat(command.details().diagnosis()).hasSize(500);
        assertThat(command.questions().getFirst().text()).hasSize(Question.MAX_TEXT);
    }

    private static Form validForm() {
        return new Form()
                .diagnosis("Glioblastoma, IDH wild-type")
                .icd10Code("C71.9")
                .specialty("MEDICAL_ONCOLOGY")
                .urgency("URGENT")
                .questions(List.of(new RawQuestion("TREATMENT_OPTIONS", "Is surgery an option?")));
    }

    private static List<RawQuestion> questions(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new RawQuestion("OTHER", "Question " + i)).toList();
    }

    /** The fields of an open-case request, as they arrive, before parsing. */
    private static final class Form {
        private String diagnosis;
        private String icd10Code;
        private String cancerType;
        private String stage;
        private String biomarkers;
        private String treatmentSoFar;
        private String proposedPlan;
        private String specialty;
        private String urgency;
        private String decisionDeadline;
        private List<RawQuestion> questions = new ArrayList<>();

        OpenCase parse() {
            return OpenCase.parse(diagnosis, icd10Code, cancerType, stage, biomarkers, treatmentSoFar, proposedPlan,
                    specialty, urgency, decisionDeadline, questions);
        }

        Form diagnosis(String value) {
            diagnosis = value;
            return this;
        }

        Form icd10Code(String value) {
            icd10Code = value;
            return this;
        }

        Form cancerType(String value) {
            cancerType = value;
            return this;
        }

        Form stage(String value) {
            stage = value;
            return this;
        }

        Form biomarkers(String value) {
            biomarkers = value;
            return this;
        }

        Form treatmentSoFar(String value) {
            treatmentSoFar = value;
            return this;
        }

        Form proposedPlan(String value) {
            proposedPlan = value;
            return this;
        }

        Form specialty(String value) {
            specialty = value;
            return this;
        }

        Form urgency(String value) {
            urgency = value;
            return this;
        }

        Form decisionDeadline(String value) {
            decisionDeadline = value;
            return this;
        }

        Form questions(List<RawQuestion> value) {
            questions = value;
            return this;
        }
    }
}
