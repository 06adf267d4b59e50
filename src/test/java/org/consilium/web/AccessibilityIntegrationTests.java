package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.consilium.intake.CaseView;
import org.consilium.intake.OpenCase;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page of the loop passes axe-core's WCAG 2.0, 2.1 and 2.2 A/AA rules, as each role sees it, on a desktop and
 * on a phone. The cases are moved into place through the modules' APIs; the pages are then read in Chromium.
 */
class AccessibilityIntegrationTests extends LoopBrowserTest {

    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static String axe;

    @BeforeAll
    static void loadAxe() throws IOException {
        try (InputStream in = AccessibilityIntegrationTests.class.getResourceAsStream(
                "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe-core on the test class path").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "at {0} px wide")
    @ValueSource(ints = {1280, 390})
    void public_pages_meet_wcag_aa(int width) {
        // given an anonymous visitor; the app's CSP forbids injected scripts, so this context lets axe in
        Page page = browser.newContext(bypassCsp(width)).newPage();

        // when and then each public page is checked
        for (String path : List.of("/", "/login", "/register", "/privacy", "/terms", "/login?error", "/verify",
                "/verify/" + "c".repeat(32), "/register/sent", "/account/reset", "/account/verify/" + "v".repeat(43),
                "/account/reset/" + "r".repeat(43), "/login?ended")) {
            page.navigate(url(path));
            assertAccessible(page, path);
        }
        page.context().close();
    }

    @ParameterizedTest(name = "at {0} px wide")
    @ValueSource(ints = {1280, 390})
    void every_role_s_pages_along_the_loop_meet_wcag_aa(int width) {
        // given one case with a signed opinion, one in review and one waiting for a specialist, with long strings
        LoopCases loop = loop();
        CaseId signed = loop.signed(true);
        CaseId inReview = loop.inReview(true);
        CaseId readyForMatching = loop.readyForMatching(true);
        CaseView draft = cases.open(loop.scope(LoopCases.PATIENT), OpenCase.parse("Mesothelioma, pleural", null, null,
                null, null, null, null, "UNSURE", null, null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Is surgery an option?"))));
        records.upload(loop.scope(LoopCases.PATIENT), draft.id(), "IMAGING_REPORT", "ct.pdf",
                UiLoopIntegrationTests.minimalPdf(), "2026-10-01");
        CaseView unsure = cases.open(loop.scope(LoopCases.PATIENT), OpenCase.parse("Sarcoma", null, null, null, null,
                null, null, "UNSURE", null, null, List.of(new OpenCase.RawQuestion("OTHER", "Which specialist?"))));
        cases.submit(loop.scope(LoopCases.PATIENT), unsure.id());

        // when and then the patient's pages are checked
        Page patient = signIn(LoopCases.PATIENT, bypassCsp(width));
        check(patient, "/cases");
        check(patient, "/cases/new");
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill("Meningioma");
        patient.locator("#specialty").selectOption("NEUROSURGERY");
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
        assertThat(patient.getByRole(AriaRole.ALERT)).isVisible();
        assertAccessible(patient, "the new case form showing its errors");
        check(patient, "/cases/" + signed);
        check(patient, "/cases/" + signed + "/opinion");
        check(patient, "/cases/" + signed + "/access-log");
        assertThat(patient.locator("main table")).containsText("Dr. Elena Marchetti");
        check(patient, "/cases/" + signed + "/people");
        patient.getByLabel("Their name").fill("Dr. Ana Rivera");
        patient.getByLabel("Their e-mail address").fill("ana.rivera." + width + "@example.org");
        patient.getByLabel("Read the opinion").check();
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the invitation")).click();
        assertThat(patient.locator("#delegates")).containsText("Dr. Ana Rivera");
        assertAccessible(patient, "the people let into a case");
        check(patient, "/cases/" + draft.id());
        assertThat(patient.locator(".recategorise")).hasCount(1);
        check(patient, "/cases/" + draft.id() + "/edit");
        check(patient, "/account");
        patient.locator("#set-up-second-factor").click();
        assertThat(patient.locator("#qr svg")).isVisible();
        assertAccessible(patient, "setting up an authenticator app");
        patient.evaluate("() => document.getElementById('session-dialog').showModal()");
        assertAccessible(patient, "the session dialog");
        patient.context().close();

        // and the coordinator's
        Page coordinator = signIn(LoopCases.COORDINATOR, bypassCsp(width));
        check(coordinator, "/cases");
        check(coordinator, "/cases/" + readyForMatching);
        assertThat(coordinator.locator("#specialistId")).isVisible();
        assertAccessible(coordinator, "the offer form");
        check(coordinator, "/cases/" + unsure.id());
        assertThat(coordinator.locator("#new-specialty")).isVisible();
        coordinator.context().close();

        // and the specialist's
        Page oncologist = signIn(LoopCases.ONCOLOGIST, bypassCsp(width));
        check(oncologist, "/cases");
        check(oncologist, "/cases/" + inReview);
        check(oncologist, "/cases/" + inReview + "/opinion/edit");
        check(oncologist, "/account/confirm");
        check(oncologist, "/directory/entry");
        oncologist.context().close();

        // and the administrator's mail page, with a mail in it
        mailSent("someone-" + width + "@example.org");
        Page admin = signedIn(LoopCases.ADMIN, bypassCsp(width));
        check(admin, "/admin/mail");
        assertThat(admin.locator("#outbox")).isVisible();
        check(admin, "/admin/accounts");
        assertThat(admin.locator("#accounts")).isVisible();
        admin.locator("#accounts details summary").first().click();
        assertAccessible(admin, "the accounts page with a role form open");
        check(admin, "/admin/directory");
        admin.locator("#centers details summary").first().click();
        admin.locator("#add-center button[type=submit]").evaluate("b => b.form.noValidate = true");
        admin.locator("#add-center button[type=submit]").click();
        assertThat(admin.getByRole(AriaRole.ALERT)).isVisible();
        assertAccessible(admin, "the directory page with the new center's errors");
        admin.context().close();
    }

    @Test
    void the_check_itself_catches_a_violation() {
        // given a public page with an unlabeled input added to it
        Page page = browser.newContext(bypassCsp()).newPage();
        page.navigate(url("/login"));
        page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bare>')");

        // when and then the check fails, naming the rule
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertAccessible(page, "a broken page"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("label");
        page.context().close();
    }

    private void check(Page page, String path) {
        page.navigate(url(path));
        page.waitForLoadState();
        // the case page fills its panels with htmx after load; wait until none is pending
        page.waitForFunction("() => !document.querySelector('[hx-trigger=\"load\"]')");
        assertAccessible(page, path);
    }

    private static void assertAccessible(Page page, String what) {
        page.evaluate(axe);
        Object violations = page.evaluate("async tags => (await axe.run(document, {runOnly: {type: 'tag', "
                + "values: tags}})).violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + v.nodes.map(n => n.target.join(' ')).join(', '))", TAGS);
        assertThat((List<?>) violations).as("accessibility violations on " + what).isEmpty();
    }

    private static Browser.NewContextOptions bypassCsp() {
        return new Browser.NewContextOptions().setBypassCSP(true);
    }

    private static Browser.NewContextOptions bypassCsp(int width) {
        return bypassCsp().setViewportSize(width, 800);
    }
}
