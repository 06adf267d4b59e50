package org.consilium.intake.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaseFormTests {

    @Test
    void two_rows_under_one_number_stay_two_questions_in_the_order_of_their_numbers() {
        // given the rows as a form posts them, question 20's number twice, out of order
        Map<String, String[]> posted = new LinkedHashMap<>();
        posted.put("questions[19].text", new String[] {"Twentieth?", "Twenty-first?"});
        posted.put("questions[19].kind", new String[] {"OTHER", "QUALITY_OF_LIFE"});
        posted.put("questions[2].text", new String[] {"Third?"});
        posted.put("diagnosis", new String[] {"Glioma"});

        // when
        List<CaseForm.QuestionForm> questions = CaseForm.questionsFrom(posted);

        // then nothing is joined or dropped
        assertThat(questions).extracting(CaseForm.QuestionForm::getText)
                .containsExactly("Third?", "Twentieth?", "Twenty-first?");
        assertThat(questions).extracting(CaseForm.QuestionForm::getKind)
                .containsExactly("TREATMENT_OPTIONS", "OTHER", "QUALITY_OF_LIFE");
    }

    @Test
    void every_typed_question_is_kept_but_blank_rows_only_while_the_form_has_room() {
        // given 30 blank rows and one question at the end
        Map<String, String[]> posted = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            posted.put("questions[" + i + "].text", new String[] {" "});
        }
        posted.put("questions[30].text", new String[] {"Last?"});

        // when
        List<CaseForm.QuestionForm> questions = CaseForm.questionsFrom(posted);

        // then
        assertThat(questions).hasSize(21);
        assertThat(questions.getLast().getText()).isEqualTo("Last?");
    }

    @Test
    void a_request_field_points_at_the_input_the_form_has_for_it() {
        // given fields as the domain names them

        // when and then
        assertThat(CaseForm.inputOf("questions[20].text")).isEqualTo("questions20.text");
        assertThat(CaseForm.inputOf("questions[0].kind")).isEqualTo("questions0.kind");
        assertThat(CaseForm.inputOf("questions")).isEqualTo("questions0.text");
        assertThat(CaseForm.inputOf("forWhom")).isEqualTo("forWhom-self");
        assertThat(CaseForm.inputOf("patientName")).isEqualTo("patientName");
    }
}
