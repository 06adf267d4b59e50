package org.consilium.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.consilium.shared.InvalidInputException.Violation;
import org.junit.jupiter.api.Test;

class FormErrorsTests {

    @Test
    void each_violation_is_a_sentence_at_the_input_the_form_names_for_its_field() {
        // given a refusal of two fields, one of which the form has no input for
        InvalidInputException refused = new InvalidInputException(List.of(
                new Violation("reason", "Reason is required"),
                new Violation("cursor", "cursor is not one this API handed out")));

        // when the form names its input for the reason only
        FormErrors errors = FormErrors.of(refused, Map.of("reason", "decline-reason")::get);

        // then the reason's message is at its input, and both are in the summary as sentences
        assertThat(errors.at("decline-reason")).isTrue();
        assertThat(errors.shownAt("decline-reason")).isTrue();
        assertThat(errors.message("decline-reason")).isEqualTo("Reason is required.");
        assertThat(errors.messageId("decline-reason")).isEqualTo("decline-reason-error");
        assertThat(errors.summary()).containsExactly(
                new FormErrors.Item("Reason is required.", "decline-reason"),
                new FormErrors.Item("Cursor is not one this API handed out.", null));
    }

    @Test
    void a_message_about_several_inputs_is_shown_once_and_describes_them_all() {
        // given
        FormErrors errors = FormErrors.about("The email or password is wrong.", "email", "password");

        // when and then both inputs are marked, described by the one message shown at the first
        assertThat(errors.at("email")).isTrue();
        assertThat(errors.at("password")).isTrue();
        assertThat(errors.shownAt("email")).isTrue();
        assertThat(errors.shownAt("password")).isFalse();
        assertThat(errors.messageId("password")).isEqualTo("email-error");
        assertThat(errors.summary()).containsExactly(new FormErrors.Item("The email or password is wrong.", "email"));
    }

    @Test
    void an_input_id_that_is_not_a_plain_name_gets_a_message_id_that_is() {
        // given a question's text as th:field names it
        FormErrors errors = FormErrors.about("Question 1 is too long.", "questions0.text");

        // when and then
        assertThat(errors.messageId("questions0.text")).isEqualTo("questions0-text-error");
        assertThat(errors.at("questions1.text")).isFalse();
        assertThat(errors.message("questions1.text")).isNull();
    }
}
