package org.consilium.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldLabelsTests {

    @ParameterizedTest(name = "{0} reads \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "patientName          | Patient's name",
            "decisionDeadline     | Date of a treatment decision",
            "questions            | Questions",
            "questions[0].text    | Question 1",
            "questions[20].text   | Question 21",
            "questions[3].kind    | The topic of question 4",
            "answers[1].text      | Answer 2",
            "answers[1].questionId| The question of answer 2",
            "furtherTests[2]      | Further test 3",
            "specialistId         | Specialist",
            "dateOfService        | Date of service",
            "acceptPrivacyNoticeAndTerms | Acceptance of the privacy notice and terms"})
    void names_each_field_in_words_counting_list_elements_from_one(String field, String words) {
        // given a field as the API names it

        // when
        String label = FieldLabels.of(field);

        // then
        assertThat(label).isEqualTo(words);
        assertThat(FieldLabels.hasWords(field)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"someNewField", "things[1].text", "questions[x].text"})
    void a_field_without_words_keeps_its_name(String field) {
        // given a field no mapping knows

        // when
        String label = FieldLabels.of(field);

        // then
        assertThat(label).isEqualTo(field);
        assertThat(FieldLabels.hasWords(field)).isFalse();
    }
}
