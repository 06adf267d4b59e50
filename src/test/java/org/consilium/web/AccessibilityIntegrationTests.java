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
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.OpenCase;
import org.consilium.intake.CaseView;
import org.consilium.matching.MatchingManagement;
import org.consilium.review.OpinionDraft;
import org.consilium.review.ReviewManagement;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every page of the loop passes axe-core's WCAG 2.0, 2.1 and 2.2 A/AA rules, as each role sees it. The cases are
 * moved into place through the modules' APIs; the pages are then read in Chromium.
 */
class AccessibilityIntegrationTests extends BrowserTest {

    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static String axe;

    @Autowired
    CaseManagement cases;

    @Autowired
    MatchingManagement matching;

    @Autowired
    ReviewManagement review;

    @Autowired
    IdentityManagement identity;

    @Autowired
    org.consilium.records.RecordManagement records;

    @Autowired
    AccessScopes scopes;

    @BeforeAll
    static void loadAxe() throws IOException {
        try (InputStream in = AccessibilityIntegrationTests.class.getResourceAsStream(
                "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe-core on the test class path").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void public_pages_meet_wcag_aa() {
        // given an anonymous visitor; the app's CSP forbids injected scripts, so this context lets axe in
        Page page = browser.newContext(new Browser.NewContextOptions().setBypassCSP(true)).newPage();

        // when and then each public page is checked
        for (String path : List.of("/", "/login", "/register", "/privacy", "/terms", "/login?error", "/verify",
                "/verify/" + "c".repeat(32))) {
            page.navigate(url(path));
            assertAccessible(page, path);
        }
        page.context().close();
    }

    @Test
    void every_role_s_pages_along_the_loop_meet_wcag_aa() {
        // given one case in review with a signed opinion, and one waiting for a specialist
        CaseId signed = caseInReview();
        review.saveDraft(scope("oncologist@example.org"), signed, completeDraft(signed), null);
        review.sign(scope("oncologist@example.org"), signed);
        CaseId inReview = caseInReview();
        CaseId readyForMatching = readyForMatching();
        CaseView draft = cases.open(scope("patient@example.org"), OpenCase.parse("Mesothelioma, pleural", null, null,
                null, null, null, null, "UNSURE", null, null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Is surgery an option?"))));
        records.upload(scope("patient@example.org"), draft.id(), "IMAGING_REPORT", "ct.pdf",
                UiLoopIntegrationTests.minimalPdf(), "2026-10-01");
        CaseView unsure = cases.open(scope("patient@example.org"), OpenCase.parse("Sarcoma", null, null, null, null,
                null, null, "UNSURE", null, null, List.of(new OpenCase.RawQuestion("OTHER", "Which specialist?"))));
        cases.submit(scope("patient@example.org"), unsure.id());

        // when and then the patient's pages are checked
        Page patient = signIn("patient@example.org", bypassCsp());
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
        check(patient, "/cases/" + draft.id());
        assertThat(patient.locator(".recategorise")).hasCount(1);
        check(patient, "/cases/" + draft.id() + "/edit");
        patient.evaluate("() => document.getElementById('session-dialog').showModal()");
        assertAccessible(patient, "the session dialog");
        patient.context().close();

        // and the coordinator's
        Page coordinator = signIn("coordinator@example.org", bypassCsp());
        check(coordinator, "/cases");
        check(coordinator, "/cases/" + readyForMatching);
        assertThat(coordinator.locator("#specialistId")).isVisible();
        assertAccessible(coordinator, "the offer form");
        check(coordinator, "/cases/" + unsure.id());
        assertThat(coordinator.locator("#new-specialty")).isVisible();
        coordinator.context().close();

        // and the specialist's
        Page oncologist = signIn("oncologist@example.org", bypassCsp());
        check(oncologist, "/cases");
        check(oncologist, "/cases/" + inReview);
        check(oncologist, "/cases/" + inReview + "/opinion/edit");
        oncologist.context().close();
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

    private AccessScope scope(String email) {
        return scopes.of(identity.findByEmail(email).orElseThrow());
    }

    private CaseId readyForMatching() {
        CaseView opened = cases.open(scope("patient@example.org"), OpenCase.parse(
                "Non-small cell lung cancer, stage IIIA", "C34.90", "Lung cancer", "IIIA", "EGFR exon 19 deletion",
                "Chemoradiation", "Osimertinib", "MEDICAL_ONCOLOGY", "URGENT", null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Should I have surgery?"),
                        new OpenCase.RawQuestion("QUALITY_OF_LIFE", "Can I keep working?"))));
        cases.submit(scope("patient@example.org"), opened.id());
        cases.acceptAtTriage(scope("coordinator@example.org"), opened.id());
        cases.completeRecords(scope("coordinator@example.org"), opened.id());
        return opened.id();
    }

    private CaseId caseInReview() {
        CaseId id = readyForMatching();
        var oncologist = identity.findByEmail("oncologist@example.org").orElseThrow();
        matching.offer(scope("coordinator@example.org"), id,
                matching.specialistOfAccount(oncologist.actor().id()).orElseThrow().id());
        matching.accept(scope("oncologist@example.org"), id);
        return id;
    }

    private OpinionDraft completeDraft(CaseId id) {
        List<OpinionDraft.RawAnswer> answers = review.questions(scope("oncologist@example.org"), id).stream()
                .map(q -> new OpinionDraft.RawAnswer(q.id().toString(), "An answer to " + q.text()))
                .toList();
        return new OpinionDraft("CONFIRMED", null, "AGREE", null, answers, List.of("PET-CT"),
                "The diagnosis and the plan are right.");
    }
}
