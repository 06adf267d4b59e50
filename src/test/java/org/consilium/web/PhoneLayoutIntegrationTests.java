package org.consilium.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.consilium.shared.CaseId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reflow (WCAG 2.2, 1.4.10): every page of the loop, as each role sees it, fits a phone's width without scrolling
 * sideways, also when a case holds 300 unbroken characters of biomarkers and a file name of 200.
 */
class PhoneLayoutIntegrationTests extends LoopBrowserTest {

    /** The elements that stick out past the right edge of the screen, and how wide the page is. */
    private static final String OVERFLOW = """
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) { return null; }
              const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
              return document.documentElement.scrollWidth + ' px wide, past the edge: ' + wide.join(' ');
            }""";

    /** The cells whose text takes more lines than it has words: a word was broken to make the column narrow. */
    private static final String WORDS_BROKEN = """
            selector => [...document.querySelectorAll(selector)].filter(cell => {
              const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
              let lines = 0;
              while (text.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(text.currentNode);
                lines += range.getClientRects().length;
              }
              return lines > cell.textContent.trim().split(/\\s+/).length;
            }).map(cell => cell.textContent.trim())""";

    @ParameterizedTest(name = "at {0} px wide")
    @ValueSource(ints = {390, 320})
    void every_page_of_the_loop_fits_a_phone_without_scrolling_sideways(int width) {
        // given a case at every stage, each with an unbroken biomarker string and a long file name
        LoopCases loop = loop();
        CaseId draft = loop.draft(true);
        CaseId submitted = loop.submitted(true);
        CaseId ready = loop.readyForMatching(true);
        CaseId offered = loop.offered(true);
        CaseId inReview = loop.inReview(true);
        CaseId signed = loop.signed(true);
        List<String> tooWide = new ArrayList<>();

        // when everyone opens their pages on a phone
        Page anyone = browser.newContext(phone(width)).newPage();
        for (String path : List.of("/", "/login", "/login?error", "/register", "/privacy", "/terms", "/verify",
                "/verify/" + "c".repeat(32), "/no-such-page", "/register/sent", "/account/reset",
                "/account/verify/" + "v".repeat(43), "/account/reset/" + "r".repeat(43))) {
            tooWide.addAll(measure(anyone, path));
        }
        anyone.context().close();

        cases.inviteDelegate(loop.signedIn(LoopCases.PATIENT), signed, org.consilium.identity.Delegations.Invitation
                .parse("dr.maximiliana.hohenzollern-sigmaringen." + width + "@universitaetsklinikum-example.org",
                        "Dr. Maximiliana Hohenzollern-Sigmaringen", "REFERRING_PHYSICIAN",
                        List.of("upload-records", "read-report", "message", "withdraw")));
        Page patient = signIn(LoopCases.PATIENT, phone(width));
        for (String path : List.of("/cases", "/cases/new", "/cases/" + draft, "/cases/" + signed,
                "/cases/" + signed + "/opinion", "/cases/" + signed + "/access-log",
                "/cases/" + signed + "/people", "/cases/" + CaseId.random(), "/account")) {
            tooWide.addAll(measure(patient, path));
        }
        patient.navigate(url("/cases/new"));
        patient.locator("#diagnosis").fill(LoopCases.LONG_BIOMARKERS);
        patient.locator("form.stack button[type=submit]").last().evaluate("b => b.form.noValidate = true");
        patient.locator("form.stack button[type=submit]").last().click();
        tooWide.addAll(measureCurrent(patient, "/cases/new with its errors"));
        patient.navigate(url("/account"));
        patient.locator("#set-up-second-factor").click();
        tooWide.addAll(measureCurrent(patient, "setting up an authenticator app"));
        patient.context().close();

        Page coordinator = signIn(LoopCases.COORDINATOR, phone(width));
        for (String path : List.of("/cases", "/cases/" + submitted, "/cases/" + ready, "/cases/" + signed)) {
            tooWide.addAll(measure(coordinator, path));
        }
        coordinator.context().close();

        Page oncologist = signIn(LoopCases.ONCOLOGIST, phone(width));
        for (String path : List.of("/cases", "/cases/" + offered, "/cases/" + inReview,
                "/cases/" + inReview + "/opinion/edit", "/directory/entry", "/account/confirm")) {
            tooWide.addAll(measure(oncologist, path));
        }
        oncologist.context().close();

        mailSent("someone-" + width + "@example.org");
        Page admin = signedIn(LoopCases.ADMIN, phone(width));
        tooWide.addAll(measure(admin, "/admin/mail"));
        tooWide.addAll(measure(admin, "/admin/accounts"));
        admin.locator("#accounts details summary").nth(1).click();
        tooWide.addAll(measureCurrent(admin, "/admin/accounts with a form open"));
        tooWide.addAll(measure(admin, "/admin/directory"));
        admin.locator("#centers details summary").first().click();
        tooWide.addAll(measureCurrent(admin, "/admin/directory with a center's form open"));
        admin.context().close();

        // then no page is wider than the screen
        assertThat(tooWide).isEmpty();
    }

    @Test
    void a_long_unbroken_string_does_not_widen_the_case_page_on_a_desktop() {
        // given a case holding 300 unbroken characters of biomarkers and a file name of 200
        LoopCases loop = loop();
        CaseId id = loop.signed(true);

        // when its patient opens the case and the opinion on a wide screen
        Page patient = signIn(LoopCases.PATIENT, new Browser.NewContextOptions().setViewportSize(1280, 800));
        List<String> tooWide = new ArrayList<>(measure(patient, "/cases/" + id));
        tooWide.addAll(measure(patient, "/cases/" + id + "/opinion"));

        // then neither is wider than the screen, and only the file name breaks inside a word to make room
        assertThat(tooWide).isEmpty();
        patient.navigate(url("/cases/" + id));
        assertThat((List<?>) patient.evaluate(WORDS_BROKEN, "#records td:not(.free-text)")).isEmpty();
        patient.context().close();
    }

    @Test
    void a_record_s_category_and_its_change_form_share_the_value_column_on_a_phone_and_short_names_stay_whole() {
        // given a case gathering records, with a file of an ordinary name
        CaseId id = loop().collectingRecords("pathology.pdf");

        // when its coordinator, who may change the category, opens it on a phone
        Page phone = signIn(LoopCases.COORDINATOR, phone(390));
        phone.navigate(url("/cases/" + id));
        var category = phone.locator("#records td[data-label=Category]").first();
        double valueLeft = category.locator(":scope > span").boundingBox().x;
        var form = category.locator("form.recategorise").boundingBox();
        Object categoryShowsWhole = category.locator("select").evaluate("""
                s => { const text = document.createElement('canvas').getContext('2d');
                       text.font = getComputedStyle(s).font;
                       return text.measureText(s.options[s.selectedIndex].text).width + 24
                           <= s.getBoundingClientRect().width; }""");
        phone.context().close();
        // and on a desktop
        Page desktop = signIn(LoopCases.COORDINATOR, new Browser.NewContextOptions().setViewportSize(1280, 800));
        desktop.navigate(url("/cases/" + id));
        Object brokenNames = desktop.evaluate(WORDS_BROKEN, "#records td.free-text");
        desktop.context().close();

        // then the form to change the category stands under the category, in the value column, and the file name
        // is not broken inside a word on the desktop
        assertThat(form.x).isCloseTo(valueLeft, org.assertj.core.api.Assertions.within(1.0));
        assertThat(categoryShowsWhole).isEqualTo(true);
        assertThat((List<?>) brokenNames).isEmpty();
    }

    private static Browser.NewContextOptions phone(int width) {
        return new Browser.NewContextOptions().setViewportSize(width, 780);
    }

    /** Opens the page with every disclosure open, so folded forms are measured too. */
    private List<String> measure(Page page, String path) {
        page.navigate(url(path));
        return measureCurrent(page, path);
    }

    private static List<String> measureCurrent(Page page, String what) {
        page.waitForLoadState();
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        Object overflow = page.evaluate(OVERFLOW);
        return overflow == null ? List.of() : List.of(what + ": " + overflow);
    }
}
