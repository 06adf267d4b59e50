package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;

/**
 * On every form, a problem is said in words at the input it concerns, tied to it for screen readers (aria-invalid,
 * aria-describedby pointing at the visible message), and listed in a summary at the top that takes the focus and
 * links to the input. The browser's own checks are switched off, as a hand-edited or an old page would have them.
 */
class FieldErrorsIntegrationTests extends LoopBrowserTest {

    @Test
    void the_new_case_form_says_what_is_wrong_at_each_field_and_keeps_what_was_typed() {
        // given a parent opening a case for someone else without naming them or asking anything
        Page parent = signIn(LoopCases.PATIENT);
        parent.navigate(url("/cases/new"));
        parent.getByLabel("Someone I act for").check();
        parent.locator("#relationship").selectOption("PARENT");
        parent.locator("#patientBirthDate").fill("2018-03-01");
        parent.locator("#specialty").selectOption("MEDICAL_ONCOLOGY");
        parent.locator("#biomarkers").fill("EGFR exon 19 deletion");

        // when they save it
        submit(parent, "Save as draft");

        // then each problem is at its field, in words, and what they typed is still there
        assertFieldError(parent, "patientName", "Patient's name is required.");
        assertFieldError(parent, "diagnosis", "Diagnosis is required.");
        assertFieldError(parent, "questions0.text", "Ask at least one question.");
        assertThat(parent.locator("#biomarkers")).hasValue("EGFR exon 19 deletion");
        assertThat(parent.locator("#relationship")).not().hasAttribute("aria-invalid", "true");
        parent.context().close();
    }

    @Test
    void registration_and_sign_in_say_what_is_wrong_at_their_fields() {
        // given someone registering without accepting the notices
        Page page = browser.newContext().newPage();
        page.navigate(url("/register"));
        page.getByLabel("Your name").fill("Ada Mensah");
        page.getByLabel("Email").fill("ada-" + System.nanoTime() + "@example.org");
        page.locator("#password").fill("short");

        // when they submit
        submit(page, "Create account");

        // then the two problems are at their fields
        assertFieldError(page, "password", "Password must have at least 12 characters.");
        assertFieldError(page, "acceptedNotices", "You must accept the privacy notice and the terms of use.");

        // and when they sign in with a wrong password, the one message describes both fields
        page.navigate(url("/login"));
        page.getByLabel("Email").fill("coordinator@example.org");
        page.getByLabel("Password").fill("not-the-password");
        submit(page, "Sign in");
        assertFieldError(page, "email", "The email or password is wrong.");
        assertFieldError(page, "password", "The email or password is wrong.");
        assertThat(page.locator(".field-error")).hasCount(1);
        page.context().close();
    }

    @Test
    void the_case_page_forms_say_what_is_wrong_at_their_fields() {
        // given cases waiting for each role's form
        LoopCases loop = loop();
        CaseId draft = loop.draft(false);
        CaseId submitted = loop.submitted(false);
        CaseId ready = loop.readyForMatching(false);
        CaseId offered = loop.offered(false);

        // when the patient uploads an empty file and withdraws with an over-long reason
        Page patient = signIn(LoopCases.PATIENT);
        patient.navigate(url("/cases/" + draft));
        patient.locator("#record-file").setInputFiles(new FilePayload("empty.pdf", "application/pdf", new byte[0]));
        submit(patient, "Upload");
        assertFieldError(patient, "record-file", "The file is empty (0 bytes).");
        assertFieldError(patient, "record-category", "Category is required.");
        openDisclosures(patient);
        patient.locator("#withdraw-reason").evaluate("area => area.removeAttribute('maxlength')");
        patient.locator("#withdraw-confirm").check();
        patient.locator("#withdraw-reason").fill("x".repeat(2001));
        submit(patient, "Withdraw");
        assertFieldError(patient, "withdraw-reason", "Reason is too long (at most 2000 characters).");
        assertThat(patient.locator("#withdraw-reason")).isVisible();
        patient.context().close();

        // and the coordinator declines without a reason, and offers without choosing a specialist
        Page coordinator = signIn(LoopCases.COORDINATOR);
        coordinator.navigate(url("/cases/" + submitted));
        openDisclosures(coordinator);
        coordinator.locator("#decline-confirm").check();
        submit(coordinator, "Decline the case");
        assertFieldError(coordinator, "decline-reason", "Reason is required.");
        coordinator.navigate(url("/cases/" + ready));
        submit(coordinator, "Offer the case");
        assertFieldError(coordinator, "specialistId", "Specialist is required.");
        coordinator.context().close();

        // and the specialist declines the offer without a reason
        Page oncologist = signIn(LoopCases.ONCOLOGIST);
        oncologist.navigate(url("/cases/" + offered));
        openDisclosures(oncologist);
        submit(oncologist, "Decline the offer");
        assertFieldError(oncologist, "offer-decline-reason", "Reason is required.");
        oncologist.context().close();
    }

    @Test
    void the_opinion_form_says_what_is_wrong_at_its_fields() {
        // given the reviewing specialist on the opinion form
        CaseId id = loop().inReview(false);
        Page oncologist = signIn(LoopCases.ONCOLOGIST);
        oncologist.navigate(url("/cases/" + id + "/opinion/edit"));

        // when they sign with an over-long summary, without ticking the box
        oncologist.locator("#patientSummary").evaluate("area => area.removeAttribute('maxlength')");
        oncologist.locator("#patientSummary").fill("x".repeat(20001));
        submit(oncologist, "Sign and deliver");

        // then the summary's problem is at the summary, and what they typed is kept
        assertFieldError(oncologist, "patientSummary", "Summary for the patient is too long (at most 20000 "
                + "characters).");
        assertThat(oncologist.locator("#patientSummary")).hasValue("x".repeat(20001));

        // and once it fits, the missing tick is at the box
        oncologist.locator("#patientSummary").fill("Your diagnosis is right.");
        submit(oncologist, "Sign and deliver");
        assertFieldError(oncologist, "confirm", "Tick the box to confirm that signing is final.");
        oncologist.context().close();
    }

    @Test
    void a_text_field_says_its_limit_counts_as_you_type_and_never_cuts_what_was_pasted() {
        // given a patient on the new case form
        Page patient = signIn(LoopCases.PATIENT);
        patient.navigate(url("/cases/new"));
        Locator diagnosis = patient.locator("#diagnosis");
        Locator count = patient.locator("[id='" + diagnosis.getAttribute("aria-describedby") + "']");
        assertThat(count).hasText("Up to 500 characters");

        // when they type, then paste more than the limit
        diagnosis.fill("Glioblastoma");
        assertThat(count).hasText("12 of 500 characters");
        patient.locator("[id='questions0.text']").fill("Is it\nthis?");
        assertThat(patient.locator("[id='questions0-text-count']")).hasText("12 of 2,000 characters");
        diagnosis.fill("x".repeat(520));

        // then nothing is cut: the count says how much is too much
        assertThat(diagnosis).hasValue("x".repeat(520));
        assertThat(count).hasText("520 of 500 characters: 20 too many");

        // and saving is refused with the limit, at the field, with the text kept
        patient.locator("#specialty").selectOption("NEUROSURGERY");
        submit(patient, "Save as draft");
        assertFieldError(patient, "diagnosis", "Diagnosis is too long (at most 500 characters).");
        assertThat(patient.locator("#diagnosis")).hasValue("x".repeat(520));
        patient.context().close();
    }

    /** Opens the folded forms ("Withdraw the case", "Decline the offer"), as a click on their summary would. */
    private static void openDisclosures(Page page) {
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)");
    }

    /** Submits the form of this button with the browser's own checks off, as a page without them would. */
    private static void submit(Page page, String button) {
        page.evaluate("() => document.querySelectorAll('form').forEach(form => form.noValidate = true)");
        // The button whose whole text this is: "Sign in" is not "Sign in with a passkey".
        page.locator("button").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(
                java.util.regex.Pattern.compile("^\\s*" + button.replaceAll("[.*+?^${}()|\\[\\]\\\\]", "\\\\$0")
                        + "\\s*$"))).click();
        page.waitForLoadState();
    }

    /**
     * The input is marked invalid and described by a visible message that says {@code message}; the summary at the top
     * has the focus and links to the input with the same words.
     */
    private static void assertFieldError(Page page, String inputId, String message) {
        Locator input = page.locator("[id='" + inputId + "']");
        assertThat(input).hasAttribute("aria-invalid", "true");
        String describedBy = input.getAttribute("aria-describedby");
        assertThat(describedBy).as("aria-describedby of " + inputId).isNotBlank();
        Locator described = page.locator("[id='" + describedBy.split(" ")[0] + "']");
        assertThat(described).isVisible();
        assertThat(described).containsText(message);
        assertThat(page.locator("#form-errors")).isFocused();
        assertThat(page.locator("#form-errors a[href='#" + inputId + "']").or(
                page.locator("#form-errors a", new Page.LocatorOptions().setHasText(message)))).not().hasCount(0);
        assertThat(page.locator("#form-errors")).containsText(message);
    }
}
