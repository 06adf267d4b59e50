package org.consilium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.consilium.IntegrationTest;
import org.consilium.identity.AccessScopes;
import org.consilium.identity.IdentityManagement;
import org.consilium.intake.CaseManagement;
import org.consilium.intake.CaseView;
import org.consilium.intake.OpenCase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A browser session that ends (30 minutes without activity) while someone is typing: the form they send afterwards is
 * never carried out, what they typed comes back to them alone once they sign in again, and an htmx request gets a 401
 * it can show instead of the sign-in page. Sessions are ended on the server, as the timeout ends them; the browser
 * keeps sending its cookie.
 */
@IntegrationTest
class SessionEndIntegrationTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern OWNER = Pattern.compile("name=\"_for\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CaseManagement cases;

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
    void a_form_sent_after_the_session_ended_is_kept_for_its_author_and_shown_once_after_signing_in() {
        // given a patient typing a new case while their session ends
        Browser patient = new Browser().signIn("patient@example.org");
        String form = patient.get("/cases/new").body();
        String diagnosis = "Ewing sarcoma, left tibia " + UUID.randomUUID();
        Map<String, String> typed = newCase(form, diagnosis);
        sessions.expire(patient.sessionId());

        // when they send it, then sign in again
        HttpResponse<String> sent = patient.post("/cases", typed);
        String login = patient.get(location(sent)).body();
        HttpResponse<String> signedIn = patient.signInAgain("patient@example.org");
        String shown = patient.get(location(signedIn)).body();
        String shownAgain = patient.get("/cases/new").body();

        // then the post was not carried out, sign-in leads back to the form, and the form shows the text once
        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(location(sent)).isEqualTo("/login?expired");
        assertThat(login).contains("id=\"session-expired\"");
        assertThat(openedWith(diagnosis)).isZero();
        assertThat(location(signedIn)).isEqualTo("/cases/new");
        assertThat(shown).contains("value=\"" + diagnosis + "\"").contains("What you typed is back");
        assertThat(shownAgain).doesNotContain(diagnosis);
        assertThat(List.of(location(sent), location(signedIn))).noneMatch(l -> l.toLowerCase().contains("jsessionid"));
    }

    @Test
    void sessions_are_kept_in_the_database_and_a_staff_member_s_ends_sooner_without_activity() {
        // when a coordinator and a patient sign in, and each opens a page
        Browser coordinator = new Browser().signIn("coordinator@example.org");
        Browser patient = new Browser().signIn("patient@example.org");
        coordinator.get("/cases");
        patient.get("/cases");

        // then both sessions are rows any app instance reads, and the coordinator's lasts 15 minutes idle, not 30
        assertThat(jdbc.sql("select principal_name from platform_session where principal_name in (?, ?)")
                .params("coordinator@example.org", "patient@example.org").query(String.class).list())
                .contains("coordinator@example.org", "patient@example.org");
        assertThat(sessions.maxInactive(coordinator.sessionId())).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(sessions.maxInactive(patient.sessionId())).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(coordinator.get("/cases").body()).contains("name=\"consilium-session-seconds\" content=\"900\"");
    }

    @Test
    void another_account_signing_in_on_the_same_browser_never_sees_what_was_typed() {
        // given a patient's form sent after their session ended
        Browser browser = new Browser().signIn("patient@example.org");
        String diagnosis = "Retinoblastoma " + UUID.randomUUID();
        Map<String, String> typed = newCase(browser.get("/cases/new").body(), diagnosis);
        sessions.expire(browser.sessionId());
        browser.post("/cases", typed);

        // when someone else signs in on that browser
        HttpResponse<String> signedIn = browser.signInAgain("patient2@example.org");
        String form = browser.get("/cases/new").body();

        // then they land on their own cases, and the form is blank
        assertThat(location(signedIn)).isEqualTo("/cases");
        assertThat(form).doesNotContain(diagnosis);
    }

    @Test
    void a_draft_edit_comes_back_with_the_version_that_was_edited() {
        // given a patient editing a draft while their session ends
        CaseView draft = draft();
        Browser patient = new Browser().signIn("patient@example.org");
        String form = patient.get("/cases/" + draft.id() + "/edit").body();
        Map<String, String> typed = newCase(form, "Desmoid tumour, abdominal wall");
        typed.put("version", Long.toString(draft.version()));
        sessions.expire(patient.sessionId());

        // when the autosave fires, then the person signs in again
        HttpResponse<String> autosaved = patient.post("/cases/" + draft.id() + "/edit", typed,
                Map.of("HX-Request", "true"));
        HttpResponse<String> signedIn = patient.signInAgain("patient@example.org");
        String shown = patient.get(location(signedIn)).body();

        // then the autosave got a 401 the page can show, and the form shows the text at the version edited
        assertThat(autosaved.statusCode()).isEqualTo(401);
        assertThat(autosaved.body()).doesNotContain("Sign in");
        assertThat(location(signedIn)).isEqualTo("/cases/" + draft.id() + "/edit");
        assertThat(shown).contains("value=\"Desmoid tumour, abdominal wall\"")
                .contains("id=\"form-version\" value=\"" + draft.version() + "\"")
                .contains("data-restored=\"true\"");
        assertThat(cases.find(scopes.of(identity.findByEmail("patient@example.org").orElseThrow()), draft.id())
                .details().diagnosis()).isEqualTo("Sarcoma, left thigh");
    }

    @Test
    void a_page_asked_for_after_the_session_ended_is_where_sign_in_leads_but_never_a_keep_alive() {
        // given a patient whose session ended, with a draft of theirs
        CaseView draft = draft();
        Browser patient = new Browser().signIn("patient@example.org");
        assertThat(patient.get("/session/keep-alive").statusCode()).isEqualTo(204);
        sessions.expire(patient.sessionId());

        // when the page asks for a keep-alive, then the person opens the case and signs in again
        HttpResponse<String> keepAlive = patient.get("/session/keep-alive", "*/*");
        HttpResponse<String> page = patient.get("/cases/" + draft.id());
        HttpResponse<String> signedIn = patient.signInAgain("patient@example.org");

        // then the keep-alive was turned away, and sign-in leads back to the case
        assertThat(keepAlive.statusCode()).isEqualTo(302);
        assertThat(location(keepAlive)).startsWith("/login");
        assertThat(location(page)).isEqualTo("/login?expired");
        assertThat(location(signedIn)).isEqualTo("/cases/" + draft.id());
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private CaseView draft() {
        return cases.open(scopes.of(identity.findByEmail("patient@example.org").orElseThrow()), OpenCase.parse(
                "Sarcoma, left thigh", null, null, null, null, null, null, "SURGICAL_ONCOLOGY", null, null,
                List.of(new OpenCase.RawQuestion("TREATMENT_OPTIONS", "Is radiotherapy needed before surgery?"))));
    }

    /** A new case as the form posts it, with the form's own CSRF token and owner field. */
    private static Map<String, String> newCase(String form, String diagnosis) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", find(CSRF, form));
        fields.put("_for", find(OWNER, form));
        fields.put("forWhom", "SELF");
        fields.put("diagnosis", diagnosis);
        fields.put("specialty", "ORTHOPEDICS");
        fields.put("urgency", "ROUTINE");
        fields.put("questions[0].kind", "TREATMENT_OPTIONS");
        fields.put("questions[0].text", "Can the limb be spared?");
        return fields;
    }

    private int openedWith(String diagnosis) {
        return jdbc.sql("select count(*) from intake_cases where diagnosis = ?").param(diagnosis)
                .query(Integer.class).single();
    }

    private static String find(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as(pattern + " on the page").isTrue();
        return m.group(1);
    }

    private String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect: " + response.statusCode()));
        String base = "http://localhost:" + port;
        return location.startsWith(base) ? location.substring(base.length()) : location;
    }

    /** A browser: a cookie jar that sends the cookies it got, never follows redirects, and asks for pages. */
    final class Browser {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        Browser signIn(String email) {
            HttpResponse<String> signedIn = signInAgain(email);
            assertThat(location(signedIn)).isEqualTo("/cases");
            return this;
        }

        HttpResponse<String> signInAgain(String email) {
            String csrf = find(CSRF, get("/login").body());
            return post("/login", Map.of("email", email, "password", BrowserTest.PASSWORD, "_csrf", csrf));
        }

        String sessionId() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElseThrow();
        }

        HttpResponse<String> get(String path) {
            return get(path, "text/html,application/xhtml+xml");
        }

        HttpResponse<String> get(String path, String accept) {
            return send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> fields) {
            return post(path, fields, Map.of());
        }

        HttpResponse<String> post(String path, Map<String, String> fields, Map<String, String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(BodyPublishers.ofString(fields.entrySet().stream()
                            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))));
            headers.forEach(request::header);
            return send(request);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            return org.consilium.Http.send(http, request);
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
