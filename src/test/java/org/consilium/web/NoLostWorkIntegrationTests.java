package org.consilium.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import java.util.List;
import org.consilium.identity.AccessScope;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.intake.OpenCase;
import org.consilium.matching.MatchingManagement;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Nothing typed is lost, in a real browser: forms save themselves as one types, keep unsaved text in the browser
 * through a crash, survive the end of a session, and warn before the session ends. Sessions are shortened or ended on
 * the server, as time would.
 */
class NoLostWorkIntegrationTests extends BrowserTest {

    /** Autosave waits three seconds after typing stops; allow for a slow machine. */
    private static final LocatorAssertions.ContainsTextOptions SAVED = new LocatorAssertions.ContainsTextOptions()
            .setTimeout(20_000);

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    CaseManagement cases;

    @Autowired
    MatchingManagement matching;

    @Autowired
    LoopCases loopCases;

    @Autowired
    IdentityManagement identity;

    @Autowired
    AccessScopes scopes;

    Sessions sessions;

    @BeforeEach
    void sessions() {
        sessions = new Sessions(context);
    }

    @Test
    void a_form_sent_after_the_session_ended_shows_the_typed_text_after_signing_in_again() {
        // given a patient typing a new case, not sure of the specialty, when their session ends
        Page patient = signIn("patient2@example.org");
        patient.navigate(url("/cases/new"));
        patient.getByLabel("Diagnosis (as the doctor wrote it)").fill("Chordoma, sacrum");
        patient.locator("#specialty").selectOption("UNSURE");
        patient.locator("[name='questions[0].text']").fill("Is proton therapy better here?");
        sessions.expire(sessionId(patient));

        // when they save, and sign in again
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as draft")).click();
        assertThat(patient.locator("#session-expired")).containsText("anything you typed is kept");
        patient.getByLabel("Email").fill("patient2@example.org");
        patient.getByLabel("Password").fill(PASSWORD);
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        // then they are back on the form with what they typed, told to check it and save
        assertThat(patient.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Open a case")))
                .isVisible();
        assertThat(patient.getByLabel("Diagnosis (as the doctor wrote it)")).hasValue("Chordoma, sacrum");
        assertThat(patient.locator("#specialty")).hasValue("UNSURE");
        assertThat(patient.locator("[name='questions[0].text']")).hasValue("Is proton therapy better here?");
        assertThat(patient.locator("main .notice")).containsText("What you typed is back below");
        assertThat(patient.url()).doesNotContainIgnoringCase("jsessionid");
        patient.context().close();
    }

    @Test
    void the_opinion_draft_saves_itself_and_is_there_after_a_reload() {
        // given a specialist writing the opinion of a case they accepted
        CaseId id = caseInReview();
        Page oncologist = signIn("oncologist@example.org");
        oncologist.navigate(url("/cases/" + id + "/opinion/edit"));

        // when they type the summary and wait
        oncologist.getByLabel("Summary for the patient, in plain language").fill("Surgery first is the right order.");
        assertThat(oncologist.locator("#autosave-status")).containsText("Saved at", SAVED);
        oncologist.reload();

        // then the saved draft holds the text, and the browser keeps no copy of it any more
        assertThat(oncologist.getByLabel("Summary for the patient, in plain language"))
                .hasValue("Surgery first is the right order.");
        assertThat(oncologist.locator("#restore-offer")).hasCount(0);
        assertThat(keptTexts(oncologist)).isZero();
        oncologist.context().close();
    }

    @Test
    void text_typed_before_a_crash_is_offered_back_and_saved() {
        // given a patient editing a draft, whose tab dies before the autosave
        CaseView draft = draft();
        Page patient = signIn("patient@example.org");
        BrowserContext browser = patient.context();
        patient.navigate(url("/cases/" + draft.id() + "/edit"));
        patient.getByLabel("Treatment so far").fill("Two cycles of doxorubicin");
        patient.close();

        // when they open the draft again and take the kept text back
        Page again = browser.newPage();
        again.navigate(url("/cases/" + draft.id() + "/edit"));
        assertThat(again.locator("#restore-offer")).containsText("not saved");
        assertThat(again.getByLabel("Treatment so far")).hasValue("");
        again.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Restore my text")).click();

        // then the text is back, saved, and still there after a reload
        assertThat(again.getByLabel("Treatment so far")).hasValue("Two cycles of doxorubicin");
        assertThat(again.locator("#autosave-status")).containsText("Saved at", SAVED);
        again.reload();
        assertThat(again.getByLabel("Treatment so far")).hasValue("Two cycles of doxorubicin");
        assertThat(again.locator("#restore-offer")).hasCount(0);
        browser.close();
    }

    @Test
    void a_draft_changed_in_another_window_is_never_overwritten_and_the_text_stays() {
        // given the same draft open in two windows
        CaseView draft = draft();
        Page first = signIn("patient@example.org");
        Page second = first.context().newPage();
        first.navigate(url("/cases/" + draft.id() + "/edit"));
        second.navigate(url("/cases/" + draft.id() + "/edit"));

        // when the first saves, then the second
        first.getByLabel("Stage").fill("IIB");
        assertThat(first.locator("#autosave-status")).containsText("Saved at", SAVED);
        second.getByLabel("Stage").fill("III");

        // then the second is told, keeps its text, and the first one's save stands
        assertThat(second.locator("#autosave-status")).containsText("changed in another window", SAVED);
        assertThat(second.getByLabel("Stage")).hasValue("III");
        assertThat(cases.find(patientScope(), draft.id()).details().stage()).isEqualTo("IIB");
        first.context().close();
    }

    @Test
    void the_session_warns_before_it_ends_and_stay_signed_in_keeps_it() {
        // given a signed-in patient whose session would end in a little over two minutes
        Page patient = signIn("patient@example.org");
        String session = sessionId(patient);
        shorten(patient, session, 125);

        // when the warning comes
        assertThat(patient.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Are you still there?")))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        assertThat(patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stay signed in")))
                .isFocused();
        long before = sessions.lastAccessed(session);
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stay signed in")).click();

        // then it closes, and the server saw the session again
        assertThat(patient.locator("#session-dialog")).isHidden();
        assertThat(sessions.lastAccessed(session)).isGreaterThan(before);
        patient.context().close();
    }

    @Test
    void the_end_of_the_session_is_said_and_signing_in_again_returns_to_the_page() {
        // given a patient on a case page whose session ends after three quiet seconds
        CaseView draft = draft();
        Page patient = signIn("patient@example.org");
        String session = sessionId(patient);
        patient.navigate(url("/cases/" + draft.id()));
        shorten(patient, session, 3);

        // when the time is up
        assertThat(patient.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("You were signed out")))
                .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(20_000));
        assertThat(patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in again")))
                .isFocused();
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in again")).click();
        patient.getByLabel("Email").fill("patient@example.org");
        patient.getByLabel("Password").fill(PASSWORD);
        patient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        // then they are back on the case
        assertThat(patient.locator("#case-status")).hasText("Draft");
        assertThat(patient.url()).isEqualTo(url("/cases/" + draft.id()));
        patient.context().close();
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    /**
     * Shortens the session once the page's own requests are done (each saves the session as it loaded it, so one
     * still under way would put the old length back), then reloads the page to show the new length.
     */
    private void shorten(Page page, String session, int seconds) {
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        sessions.shorten(session, seconds);
        page.reload();
    }

    private static String sessionId(Page page) {
        return page.context().cookies().stream().filter(c -> c.name.equals("JSESSIONID")).map(c -> c.value)
                .findFirst().orElseThrow();
    }

    /** How many unsaved texts the browser keeps for the app. */
    private static int keptTexts(Page page) {
        return ((Number) page.evaluate("() => Object.keys(localStorage)"
                + ".filter(k => k.startsWith('consilium.unsaved.')).length")).intValue();
    }

    private AccessScope patientScope() {
        return scopes.of(identity.findByEmail("patient@example.org").orElseThrow());
    }

    private CaseView draft() {
        return cases.open(patientScope(), OpenCase.parse("Osteosarcoma, right femur", null, null, "IIA", null, null,
                null, "ORTHOPEDICS", null, null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Is limb-sparing surgery possible?"))));
    }

    private CaseId caseInReview() {
        AccessScope coordinator = scopes.of(identity.findByEmail("coordinator@example.org").orElseThrow());
        AccessScope oncologist = scopes.of(identity.findByEmail("oncologist@example.org").orElseThrow());
        CaseView opened = cases.open(patientScope(), OpenCase.parse("Invasive ductal carcinoma, left breast", null,
                null, "IIA", null, null, "Neoadjuvant chemotherapy", "MEDICAL_ONCOLOGY", null, null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Should surgery come first?"))));
        cases.submit(patientScope(), opened.id());
        cases.acceptAtTriage(coordinator, opened.id());
        loopCases.waiveChecklist(coordinator, opened.id());
        cases.completeRecords(coordinator, opened.id());
        matching.offer(coordinator, opened.id(),
                matching.specialistOfAccount(oncologist.actor().id()).orElseThrow().id());
        matching.accept(oncologist, opened.id());
        return opened.id();
    }
}
