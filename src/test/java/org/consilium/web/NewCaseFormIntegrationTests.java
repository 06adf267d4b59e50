package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The new case form: its twenty questions at most, and the fields of a case opened for someone else. */
class NewCaseFormIntegrationTests extends BrowserTest {

    @Test
    void the_add_button_stops_at_twenty_questions_with_a_message() {
        // given a patient on the new case form, which starts with three questions
        Page patient = signIn("patient2@example.org");
        patient.navigate(url("/cases/new"));
        Locator rows = patient.locator("#questions .question");
        assertThat(rows).hasCount(3);

        // when they add questions until the form is full
        for (int count = 4; count <= 20; count++) {
            patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add another question")).click();
            assertThat(rows).hasCount(count);
        }

        // then the button has given way to a message, and every row has a number of its own
        assertThat(patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add another question")))
                .hasCount(0);
        assertThat(patient.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions()
                .setHasText("A case holds at most 20 questions"))).isVisible();
        assertThat(names(patient)).doesNotHaveDuplicates().hasSize(40);

        // and a page that still asks for a 21st row (an old tab) gets the message, not a row numbered like another
        var answer = patient.request().get(url("/cases/new/question?index=20"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).contains("A case holds at most 20 questions").doesNotContain("questions[");
        assertThat(answer.headers().get("hx-retarget")).isEqualTo("#add-question");
        patient.context().close();
    }

    @Test
    void a_21st_question_is_refused_and_every_question_comes_back_as_typed() {
        // given twenty questions, and a 21st row under the 20th's number, as the add button used to make
        Page patient = signIn("patient2@example.org");
        patient.navigate(url("/cases/new"));
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill("Renal cell carcinoma");
        patient.locator("#specialty").selectOption("SURGICAL_ONCOLOGY");
        for (int count = 4; count <= 20; count++) {
            patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add another question")).click();
            assertThat(patient.locator("#questions .question")).hasCount(count);
        }
        List<String> typed = IntStream.rangeClosed(1, 21).mapToObj(i -> "Question number " + i + "?").toList();
        patient.evaluate("() => { const last = [...document.querySelectorAll('#questions .question')].pop();"
                + " last.after(last.cloneNode(true)); }");
        Locator texts = patient.locator("#questions .question textarea");
        for (int i = 0; i < typed.size(); i++) {
            texts.nth(i).fill(typed.get(i));
        }

        // when they save
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();

        // then the case is refused with the reason, and all 21 questions are back, as typed and in order
        assertThat(patient.locator("#form-errors")).containsText("Ask at most 20 questions; this asks 21.");
        assertThat(texts).hasCount(21);
        assertThat(texts.evaluateAll("areas => areas.map(a => a.value)")).isEqualTo(typed);
        assertThat(names(patient)).doesNotHaveDuplicates();
        patient.navigate(url("/cases"));
        assertThat(patient.locator("main")).not().containsText("Renal cell carcinoma");
        patient.context().close();
    }

    @Test
    void the_patient_s_details_are_asked_only_for_someone_else() {
        // given a patient on the new case form, for themselves as it starts
        Page patient = signIn("patient2@example.org");
        patient.navigate(url("/cases/new"));
        Locator proxyFields = patient.locator("#patientName, #patientBirthDate, #relationship");
        assertThat(patient.getByLabel("Myself")).isChecked();
        assertThat(patient.locator("#patientName")).isHidden();

        // when they choose someone they act for, then themselves again
        patient.getByLabel("Someone I act for").check();
        List<Boolean> shownForSomeoneElse = visibility(proxyFields);
        patient.getByLabel("Myself").check();
        List<Boolean> shownForThemselves = visibility(proxyFields);

        // then the patient's name, birth date and relationship are shown only for someone else
        assertThat(shownForSomeoneElse).containsExactly(true, true, true);
        assertThat(shownForThemselves).containsExactly(false, false, false);
        patient.context().close();
    }

    @Test
    void without_the_script_the_patient_s_details_are_all_shown_with_a_note() {
        // given a browser that runs no script
        Page patient = signIn("patient2@example.org", new Browser.NewContextOptions().setJavaScriptEnabled(false));

        // when the patient opens the new case form
        patient.navigate(url("/cases/new"));

        // then every field is there, and the note says when they are needed
        assertThat(visibility(patient.locator("#patientName, #patientBirthDate, #relationship")))
                .containsExactly(true, true, true);
        assertThat(patient.locator("#proxy-fields")).containsText("Only if you act for someone else");
        patient.context().close();
    }

    private static List<Boolean> visibility(Locator fields) {
        return fields.all().stream().map(Locator::isVisible).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Page page) {
        return (List<String>) page.evaluate("() => [...document.querySelectorAll('#questions [name]')]"
                + ".map(field => field.name)");
    }
}
