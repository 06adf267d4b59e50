package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.SelectOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole loop in a real browser (Debian's Chromium driven by Playwright): each role signs in and does its part,
 * from a patient's new case to the signed opinion the patient reads.
 */
class UiLoopIntegrationTests extends BrowserTest {

    @Test
    void every_role_takes_a_case_from_intake_to_a_signed_opinion_in_the_browser() {
        // given a patient who opens a case with two questions and a pathology report
        Page patient = signIn("patient@example.org");
        patient.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open a case")).first().click();
        assertThat(patient.getByText("Not for emergencies.").first()).isVisible();
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill("Glioblastoma, right temporal lobe");
        patient.getByLabel("Biomarkers or mutations").fill("IDH wild-type, MGMT unmethylated");
        patient.locator("#specialty").selectOption("MEDICAL_ONCOLOGY");
        patient.locator("#urgency").selectOption("URGENT");
        patient.locator("[name='questions[0].text']").fill("Is a second resection worth the risk?");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add another question")).click();
        patient.locator("[name='questions[3].kind']").selectOption("QUALITY_OF_LIFE");
        patient.locator("[name='questions[3].text']").fill("How will radiotherapy affect my daily life?");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
        assertThat(patient.locator("#case-status")).hasText("Draft");
        String reference = patient.locator("h1 span").first().textContent().strip();
        assertThat(reference).matches("C-\\d{4}-\\d{6}");
        String caseUrl = patient.url();

        patient.locator("#record-file").setInputFiles(new FilePayload("pathology.pdf", "application/pdf",
                minimalPdf()));
        patient.locator("#record-category").selectOption("PATHOLOGY_REPORT");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload")).click();
        assertThat(patient.getByRole(AriaRole.STATUS)).containsText("The file is added");
        assertThat(patient.locator("#records table")).containsText("pathology.pdf");
        assertThat(patient.locator("#records table")).containsText("PDF document");
        // The checklist of a brain tumour tells the patient, in plain words, what came and what is still needed.
        assertThat(patient.locator("#checklist-pathology")).containsText(
                "Received: the pathology report of your biopsy or operation");
        assertThat(patient.locator("#checklist-mri-images")).containsText(
                "Still needed: the brain MRI images themselves");

        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit the case")).click();
        assertThat(patient.locator("#case-status")).hasText("Submitted");
        patient.context().close();

        // when the coordinator triages it, completes the records and offers it to the oncologist
        Page coordinator = signIn("coordinator@example.org");
        Locator pool = coordinator.locator("table", new Page.LocatorOptions().setHas(
                coordinator.getByText(reference)));
        pool.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(reference)).click();
        coordinator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Accept and start collecting records")).click();
        assertThat(coordinator.locator("#case-status")).hasText("Collecting records");
        // Records complete is not offered while the checklist asks for more; the coordinator waives the rest.
        assertThat(coordinator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                .setName("Mark records complete"))).hasCount(0);
        Locator needed = coordinator.locator("#checklist li.needed");
        while (needed.count() > 0) {
            Locator item = needed.first();
            item.locator("summary").click();
            item.getByLabel("Why the specialist can do without it").fill("The specialist will judge from the report");
            item.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Waive this item")).click();
            assertThat(coordinator.getByRole(AriaRole.STATUS)).containsText("The item is waived");
        }
        assertThat(coordinator.locator("#checklist-complete")).isVisible();
        coordinator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark records complete")).click();
        assertThat(coordinator.locator("#case-status")).hasText("Ready for matching");
        coordinator.locator("#specialistId").selectOption(new SelectOption().setLabel(
                "Dr. Elena Marchetti — Northbridge Cancer Institute, Boston (en, it)"));
        coordinator.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Offer the case")).click();
        assertThat(coordinator.locator("#case-status")).hasText("Offered to a specialist");
        coordinator.context().close();

        // and the oncologist accepts, reads the record and signs an opinion that answers every question
        Page oncologist = signIn("oncologist@example.org");
        oncologist.navigate(caseUrl);
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept the case")).click();
        assertThat(oncologist.locator("#case-status")).hasText("In review");
        Download download = oncologist.waitForDownload(() -> oncologist.getByRole(AriaRole.LINK,
                new Page.GetByRoleOptions().setName("pathology.pdf")).click());
        assertThat(download.suggestedFilename()).isEqualTo("pathology.pdf");
        oncologist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Write the opinion")).click();
        oncologist.getByLabel("Diagnosis modified").check();
        oncologist.getByLabel("Revised diagnosis").fill("Glioblastoma, IDH wild-type, CNS WHO grade 4");
        oncologist.getByLabel("Recommends changes to the plan").check();
        oncologist.getByLabel("Recommended plan").fill("Add tumour-treating fields after chemoradiation.");
        oncologist.locator(".answer textarea").first().fill("A second resection is reasonable here.");
        oncologist.getByLabel("Summary for the patient, in plain language").fill(
                "Your diagnosis is right; we suggest one addition to your treatment.");
        oncologist.getByLabel("I have reviewed this opinion").check();
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign and deliver")).click();
        assertThat(oncologist.getByRole(AriaRole.ALERT)).containsText("an answer to question 2");

        oncologist.locator(".answer textarea").nth(1).fill("Radiotherapy causes tiredness for some weeks.");
        oncologist.getByLabel("I have reviewed this opinion").check();
        oncologist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign and deliver")).click();
        assertThat(oncologist.locator(".signed")).containsText("Signed by Dr. Elena Marchetti");
        oncologist.context().close();

        // then the patient sees the delivered opinion and the whole timeline
        Page reader = signIn("patient@example.org");
        reader.navigate(caseUrl);
        assertThat(reader.locator("#case-status")).hasText("Opinion delivered");
        assertThat(reader.locator("#timeline li")).hasCount(7);
        assertThat(reader.locator("#timeline")).containsText("Opinion delivered");
        reader.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Read the opinion")).click();
        assertThat(reader.locator(".summary")).hasText(
                "Your diagnosis is right; we suggest one addition to your treatment.");
        assertThat(reader.locator("dl.answers")).containsText("Radiotherapy causes tiredness for some weeks.");
        String code = reader.locator(".signed code").textContent().strip();
        // printed, the page still says where to check it: an absolute address from the public base URL
        assertThat(reader.locator("#verification-url")).hasText(url("/verify/" + code));

        // and the patient's page of who viewed the case says what the specialist saw, files by their names
        reader.navigate(caseUrl + "/access-log");
        Locator specialistsVisits = reader.locator("main tr", new Page.LocatorOptions()
                .setHasText("Dr. Elena Marchetti"));
        assertThat(specialistsVisits.first()).isVisible();
        assertThat(String.join(" ", specialistsVisits.allInnerTexts())).contains("the file “pathology.pdf”")
                .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-");
        reader.context().close();

        // and anyone with the verification code can check the opinion, without seeing clinical content
        Page anyone = browser.newContext().newPage();
        anyone.navigate(url("/verify"));
        anyone.getByLabel("Verification code").fill(code.toUpperCase(java.util.Locale.ROOT));
        anyone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Verify")).click();
        assertThat(anyone.locator("#verification")).containsText("Genuine");
        assertThat(anyone.locator("#verification")).containsText(reference);
        assertThat(anyone.locator("#verification")).containsText("Dr. Elena Marchetti");
        assertThat(anyone.locator("main")).not().containsText("Glioblastoma");
        anyone.context().close();
    }

    @Test
    void a_parent_opens_a_case_for_their_child() {
        // given a parent on the new case form
        Page parent = signIn("patient2@example.org");
        parent.navigate(url("/cases/new"));

        // when they open it for their child
        parent.getByLabel("Someone I act for").check();
        parent.getByLabel("Patient's full name").fill("Tobi Okafor");
        parent.getByLabel("Patient's date of birth").fill(java.time.LocalDate.now().minusYears(6).toString());
        parent.getByLabel("You are their").selectOption("PARENT");
        parent.getByLabel("Diagnosis (as the doctor wrote it)").fill("Wilms tumour, left kidney");
        parent.locator("#specialty").selectOption("SURGICAL_ONCOLOGY");
        parent.locator("[name='questions[0].text']").fill("Can the kidney be spared?");
        parent.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();

        // then the case page says whom it is for and who acts for them
        assertThat(parent.locator("#case-status")).hasText("Draft");
        assertThat(parent.locator("#proxy")).containsText("Opened for Tobi Okafor");
        assertThat(parent.locator("#proxy")).containsText("by their parent");

        // and their case list says whom the case is for
        parent.navigate(url("/cases"));
        assertThat(parent.locator("main table tr", new Page.LocatorOptions().setHasText("Wilms tumour")))
                .containsText("For Tobi Okafor, your child");
        parent.context().close();
    }

    @Test
    void a_case_without_questions_is_refused_with_a_message_and_nothing_is_stored() {
        // given a patient on the new case form
        Page patient = signIn("patient2@example.org");
        patient.navigate(url("/cases/new"));

        // when they save it with a diagnosis but no question
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill("Aortic stenosis");
        patient.locator("#specialty").selectOption("CARDIOLOGY");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();

        // then the form says what is missing, keeps what they typed, and no case was opened
        assertThat(patient.getByRole(AriaRole.ALERT)).containsText("Ask at least one question");
        assertThat(patient.getByLabel("Diagnosis (as the doctor wrote it)")).hasValue("Aortic stenosis");
        patient.navigate(url("/cases"));
        assertThat(patient.locator("main")).not().containsText("Aortic stenosis");
        patient.context().close();
    }

    @Test
    void an_empty_file_is_refused_with_a_message_and_the_case_keeps_its_records() {
        // given a patient's draft case
        Page patient = signIn("patient2@example.org");
        openDraftCase(patient, "Chondrosarcoma, pelvis", "ORTHOPEDICS", "Is surgery the only option?");

        // when they upload a file of 0 bytes
        patient.locator("#record-file").setInputFiles(new FilePayload("empty.pdf", "application/pdf", new byte[0]));
        patient.locator("#record-category").selectOption("LAB_RESULT");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload")).click();

        // then the page says why, and no record was added
        assertThat(patient.getByRole(AriaRole.ALERT)).containsText("The file is empty (0 bytes)");
        assertThat(patient.locator("#records")).containsText("No records yet.");
        patient.context().close();
    }

    @Test
    void a_hand_edited_address_gets_a_400_page_not_a_server_error() {
        // given a signed-in patient
        Page patient = signIn("patient2@example.org");

        // when they open addresses the pages never produce
        var badNumber = patient.navigate(url("/cases/new/question?index=abc"));
        String badNumberTitle = patient.locator("h1").textContent();
        var noSuchPage = patient.navigate(url("/no-such-page"));

        // then each is a client error, said in words
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumberTitle).isEqualTo("That request did not work");
        assertThat(noSuchPage.status()).isEqualTo(404);
        assertThat(patient.locator("h1")).hasText("We could not find that");
        patient.context().close();
    }

    @Test
    void another_patients_case_is_not_found_in_the_browser() {
        // given a case of one patient
        Page owner = signIn("patient@example.org");
        openDraftCase(owner, "Osteosarcoma, left femur", "ORTHOPEDICS", "Is limb-sparing surgery possible?");
        String caseUrl = owner.url();
        owner.context().close();

        // when another patient opens its address
        Page other = signIn("patient2@example.org");
        var response = other.navigate(caseUrl);

        // then the answer is "not found", with nothing of the case on the page
        assertThat(response.status()).isEqualTo(404);
        assertThat(other.locator("h1")).hasText("We could not find that");
        assertThat(other.locator("main")).not().containsText("Osteosarcoma");
        other.context().close();
    }

    @Test
    void a_page_that_is_not_found_keeps_the_signed_in_header() {
        // given a signed-in patient
        Page patient = signIn("patient2@example.org");

        // when they open a case that does not exist, and an address that does not
        patient.navigate(url("/cases/" + org.consilium.shared.CaseId.random()));
        String caseHeader = patient.locator("header.site").innerText();
        patient.navigate(url("/no-such-page"));
        String pageHeader = patient.locator("header.site").innerText();

        // then both pages still show who is signed in, with the way back and out
        assertThat(caseHeader).contains("James Okafor · Patient").contains("Sign out").contains("Cases");
        assertThat(pageHeader).contains("James Okafor · Patient").contains("Sign out").contains("Cases");
        patient.context().close();
    }

    @Test
    void every_page_links_a_favicon_that_is_served_without_signing_in() {
        // given someone who is not signed in, on the sign-in page
        Page anyone = browser.newContext().newPage();
        anyone.navigate(url("/login"));

        // when the browser asks for each icon the page links, and for the address browsers try by themselves
        List<String> icons = anyone.locator("link[rel=icon]").all().stream()
                .map(link -> link.evaluate("link => link.href").toString())
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        icons.add(url("/favicon.ico"));

        // then each is an image
        assertThat(icons).hasSize(3);
        for (String icon : icons) {
            var answer = anyone.request().get(icon);
            assertThat(answer.status()).as(icon).isEqualTo(200);
            assertThat(answer.headers().get("content-type")).as(icon).startsWith("image/");
        }
        anyone.context().close();
    }

    @Test
    void a_new_patient_registers_accepting_the_notices_and_is_signed_in_by_the_link_mailed_to_them() {
        // given someone on the registration page
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        page.navigate(url("/register"));
        String email = "new-" + System.nanoTime() + "@example.org";

        // when they register without accepting the notices (the browser's own check bypassed), then accepting them
        page.getByLabel("Your name").fill("Ada Mensah");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password (at least 12 characters)").fill("correct horse battery");
        page.locator("#acceptedNotices").evaluate("box => box.removeAttribute('required')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("accept the privacy notice");
        page.getByLabel("Password (at least 12 characters)").fill("correct horse battery");
        page.locator("#acceptedNotices").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account")).click();

        // then they are told to check their mail, and cannot sign in yet
        assertThat(page.locator("h1")).hasText("Check your e-mail");
        assertThat(page.locator("#registration-sent")).containsText(email);
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill("correct horse battery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("confirm your address by the link we mailed you");

        // when they open the link in the mail, which names their address, and confirm with their password
        page.navigate(url(mailbox.linkTo(email, "/account/verify/")));
        assertThat(page.locator("#address-to-confirm")).hasText(email);
        page.getByLabel("Your password").fill("not my password at all");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my address")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("The password is wrong");
        page.getByLabel("Your password").fill("correct horse battery");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm my address")).click();

        // then they are signed in, and the link is spent
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("your e-mail address is confirmed");
        assertThat(page.locator("header .who")).containsText("Ada Mensah · Patient");
        assertThat(page.locator("main")).containsText("You have no cases yet");
        context.close();
    }

    @Test
    void a_patient_who_forgot_their_password_chooses_a_new_one_by_the_mailed_link() {
        // given a patient on the sign-in page who forgot their password
        String email = "forgot-" + System.nanoTime() + "@example.org";
        identity.registerVerified(org.consilium.identity.Registration.patient(email, "Fay Forgetful",
                "an old forgotten phrase", true));
        BrowserContext context = browser.newContext();
        Page page = context.newPage();
        page.navigate(url("/login"));

        // when they ask for a link, and choose a weak password by it, then a good one
        page.locator("#forgot-password").click();
        page.getByLabel("Email").fill(email);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mail me a link")).click();
        assertThat(page.locator("#reset-sent")).containsText(email);
        String link = mailbox.linkTo(email, "/account/reset/");
        page.navigate(url(link));
        page.getByLabel("New password").fill("password1234");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set the new password")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("New password");
        page.getByLabel("New password").fill("quiet orchard bicycle");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set the new password")).click();

        // then they sign in with it, and the link no longer opens the form
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your password is set");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill("quiet orchard bicycle");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page.locator("header .who")).containsText("Fay Forgetful");
        page.navigate(url(link));
        assertThat(page.locator("h1")).hasText("This link cannot be used");
        context.close();
    }

    @Test
    void a_wrong_password_is_refused_without_saying_whether_the_email_exists() {
        // given the sign-in page
        BrowserContext context = browser.newContext();
        Page page = context.newPage();

        // when a known and an unknown email are tried with a wrong password
        String known = failedSignIn(page, "coordinator@example.org");
        String unknown = failedSignIn(page, "nobody-" + System.nanoTime() + "@example.org");

        // then both get the same message
        assertThat(known).contains("The email or password is wrong.");
        assertThat(unknown).isEqualTo(known);
        context.close();
    }

    @Test
    void after_five_failed_sign_ins_the_page_says_to_wait_even_for_the_right_password() {
        // given an account with five failed sign-ins
        String email = "locked-" + System.nanoTime() + "@example.org";
        identity.registerVerified(org.consilium.identity.Registration.patient(email, "Lee Locked",
                "the-real-password", true));
        Page page = browser.newContext().newPage();
        for (int i = 0; i < 5; i++) {
            assertThat(failedSignIn(page, email)).contains("The email or password is wrong.");
        }

        // when the right password comes next
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill("the-real-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        // then sign-in is refused with the waiting message, which says how long to wait
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Too many failed sign-ins");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("seconds and try again");
        assertThat(page.locator("header .who")).not().containsText("Lee Locked");
        page.context().close();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.consilium.identity.IdentityManagement identity;

    @org.springframework.beans.factory.annotation.Autowired
    org.consilium.Mailbox mailbox;

    /** Opens a case with one question through the form and waits for its draft page. */
    private void openDraftCase(Page patient, String diagnosis, String specialty, String question) {
        patient.navigate(url("/cases/new"));
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill(diagnosis);
        patient.locator("#specialty").selectOption(specialty);
        patient.locator("[name='questions[0].text']").fill(question);
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
        assertThat(patient.locator("#case-status")).hasText("Draft");
    }

    private String failedSignIn(Page page, String email) {
        page.navigate(url("/login"));
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill("not-the-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        return page.getByRole(AriaRole.ALERT).textContent().strip();
    }

    static byte[] minimalPdf() {
        return """
                %PDF-1.4
                1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
                2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
                trailer << /Root 1 0 R >>
                %%EOF
                """.getBytes(StandardCharsets.US_ASCII);
    }
}
