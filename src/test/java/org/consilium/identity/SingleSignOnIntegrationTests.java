package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import oidc.TestIdentityProvider;
import oidc.TestIdentityProvider.Person;
import org.consilium.Http;
import org.consilium.identity.internal.AccountStore;
import org.consilium.identity.internal.InvitationStore;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on for staff against a real OpenID provider (Spring Authorization Server, started in the test on a port
 * of its own): who gets in and as what, what counts as a second factor, the step-up, and every refusal. Its own
 * application context: single sign-on on, and staff must have a second factor, as in production.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "consilium.db.ephemeral=true",
        "consilium.demo.enabled=false",
        "consilium.secrets.generate=true",
        "consilium.data-dir=target/test-data/${random.uuid}",
        "spring.modulith.republish-outstanding-events-on-restart=false",
        "consilium.purges.enabled=false",
        "consilium.security.staff-second-factor=true",
        "consilium.sso.display-name=Northwell SSO"})
class SingleSignOnIntegrationTests {

    private static final String DOMAIN = "@northwell.example.org";
    private static final AtomicReference<String> REDIRECT = new AtomicReference<>();
    private static final List<String> COORDINATOR = List.of("consilium-users", "Coordinator");
    private static final List<String> MFA = List.of("pwd", "mfa");
    private static final TestIdentityProvider.Running PROVIDER = TestIdentityProvider.start(REDIRECT::get, List.of(
            new Person("cora", "cora" + DOMAIN, true, COORDINATOR, MFA),
            new Person("nina", "nina" + DOMAIN, true, COORDINATOR, List.of("pwd")),
            new Person("rolf", "rolf" + DOMAIN, true, List.of("consilium-users", "billing"), MFA),
            new Person("ursula", "ursula" + DOMAIN, true, COORDINATOR, MFA),
            new Person("pat", "pat" + DOMAIN, true, COORDINATOR, MFA),
            new Person("stella", "stella" + DOMAIN, true, COORDINATOR, MFA),
            new Person("tess", "tess" + DOMAIN, true, COORDINATOR, MFA),
            // Another of the provider's people, given an address someone else held (a departed colleague's).
            new Person("cora-successor", "cora" + DOMAIN, true, COORDINATOR, MFA)));
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @DynamicPropertySource
    static void sso(DynamicPropertyRegistry registry) {
        registry.add("consilium.sso.issuer-uri", PROVIDER::issuer);
        registry.add("consilium.sso.client-id", () -> TestIdentityProvider.CLIENT_ID);
        registry.add("consilium.sso.client-secret", () -> TestIdentityProvider.CLIENT_SECRET);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    IdentityManagement identity;

    @Autowired
    AccountStore accounts;

    @Autowired
    InvitationStore invitations;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void staff() {
        REDIRECT.set("http://localhost:" + port + "/login/oauth2/code/sso");
        if (identity.findByEmail("ada" + DOMAIN).isPresent()) {
            return;
        }
        identity.registerVerified(new Registration("ada" + DOMAIN, "Ada Admin", "an administrator's password",
                Role.ADMIN, true));
        UserId admin = identity.findByEmail("ada" + DOMAIN).orElseThrow().actor().id();
        for (String name : List.of("cora", "nina", "rolf", "stella", "tess")) {
            invited(admin, name + DOMAIN, Role.COORDINATOR);
        }
        identity.registerVerified(Registration.patient("pat" + DOMAIN, "Pat Patient", "a patient's own password",
                true));
    }

    @Test
    void an_invited_coordinator_whose_provider_asked_for_a_second_factor_signs_in_and_lands_on_the_cases() {
        // given a coordinator invited by an administrator, whom the provider signs in with a second factor
        Browser browser = new Browser();

        // when
        String landed = browser.signIn("cora");

        // then
        assertThat(landed).isEqualTo("/cases");
        assertThat(browser.get("/cases").statusCode()).isEqualTo(200);
        AuthenticationContext proof = sessionProof("cora" + DOMAIN);
        assertThat(proof.method()).isEqualTo("sso+sso-mfa");
        assertThat(proof.at()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(audit("cora")).containsSubsequence("SingleSignOnLinked:OK", "SignedIn:OK:sso+mfa");
        assertThat(jdbc.sql("select accepted_at is not null from identity_invitations where email = ?")
                .param("cora" + DOMAIN).query(Boolean.class).single()).as("the invitation, accepted").isTrue();
        assertThat(jdbc.sql("select count(*) from identity_sso_links where issuer = ? and account_id = ?")
                .params(PROVIDER.issuer(), account("cora").value()).query(Integer.class).single()).isOne();
    }

    @Test
    void without_the_provider_s_second_factor_and_without_an_app_a_coordinator_can_only_set_one_up() {
        // given a coordinator whom the provider signs in with a password only
        Browser browser = new Browser();

        // when
        String landed = browser.signIn("nina");

        // then signed in, by single sign-on alone, and sent to set up an app from every other page
        assertThat(landed).isEqualTo("/cases");
        assertThat(sessionProof("nina" + DOMAIN).method()).isEqualTo("sso");
        HttpResponse<String> cases = browser.get("/cases");
        assertThat(cases.statusCode()).isEqualTo(302);
        assertThat(cases.headers().firstValue("Location")).get().asString().endsWith("/account");
        assertThat(browser.get("/account").statusCode()).isEqualTo(200);
    }

    @Test
    void a_provider_that_took_the_role_away_is_refused_with_words_and_on_the_trail_and_no_session() {
        // given an invited coordinator whose provider no longer gives the coordinator role
        Browser browser = new Browser();

        // when
        String landed = browser.signIn("rolf");

        // then
        assertThat(landed).isEqualTo("/login?sso=refused");
        assertThat(browser.get(landed).body()).contains("organization's sign-in worked, but it does not give you "
                + "access to Consilium. Ask your administrator.");
        assertThat(browser.get("/cases").statusCode()).isEqualTo(302);
        assertThat(browser.get("/cases").headers().firstValue("Location")).get().asString().endsWith("/login");
        assertThat(audit("rolf")).contains("SignInFailed:FAILED:sso-role-not-granted:sso").noneMatch(
                entry -> entry.startsWith("SignedIn") || entry.startsWith("SingleSignOnLinked"));
        assertThat(links("rolf")).isZero();
    }

    @Test
    void an_address_without_an_account_is_refused_when_accounts_are_not_made_by_single_sign_on() {
        // given a person of the provider whom no administrator invited
        Browser browser = new Browser();

        // when
        String landed = browser.signIn("ursula");

        // then
        assertThat(landed).isEqualTo("/login?sso=refused");
        assertThat(identity.findByEmail("ursula" + DOMAIN)).isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_entries where action = 'SignInFailed' and actor_id is null "
                + "and rule = 'sso-no-account'").query(Integer.class).single()).isPositive();
    }

    @Test
    void a_patient_s_account_is_never_linked_whatever_the_provider_says() {
        // given a patient whose verified address the provider also has, with a staff role
        Browser browser = new Browser();

        // when
        String landed = browser.signIn("pat");

        // then
        assertThat(landed).isEqualTo("/login?sso=refused");
        assertThat(links("pat")).isZero();
        assertThat(audit("pat")).contains("SignInFailed:FAILED:sso-not-staff:sso");
        assertThat(browser.get("/cases").statusCode()).isEqualTo(302);
    }

    @Test
    void a_step_up_signs_in_again_at_the_provider_and_returns_to_the_action() {
        // given a coordinator signed in by single sign-on, whose sign-in no longer proves anything
        Browser browser = new Browser();
        assertThat(browser.signIn("stella")).isEqualTo("/cases");
        ageProof("stella" + DOMAIN);
        HttpResponse<String> refused = browser.post("/account", "/account/second-factor", Map.of());
        assertThat(refused.headers().firstValue("Location")).get().asString().endsWith("/account/confirm");
        assertThat(browser.get("/account/confirm").body()).contains("Confirm with Northwell SSO");
        Instant before = Instant.now().minusSeconds(1);

        // when they confirm with the provider, which asks for their password again
        List<String> provider = new java.util.ArrayList<>();
        String landed = browser.through("/oauth2/authorization/sso", "stella", provider);

        // then
        assertThat(provider).anyMatch(url -> url.contains("prompt=login") && url.contains("max_age=0"));
        assertThat(provider).anyMatch(url -> url.endsWith("/login"));
        assertThat(landed).isEqualTo("/account");
        AuthenticationContext proof = sessionProof("stella" + DOMAIN);
        assertThat(proof.method()).isEqualTo("sso+sso-mfa");
        assertThat(proof.at()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(browser.get("/account").body()).contains("Thank you. Now go on with setting up an authenticator app");
        assertThat(audit("stella")).contains("SteppedUp:OK");
    }

    @Test
    void someone_else_coming_back_from_the_provider_does_not_inherit_the_waiting_action() {
        // given a coordinator whose guarded action waits for a confirmation
        Browser browser = new Browser();
        assertThat(browser.signIn("tess")).isEqualTo("/cases");
        ageProof("tess" + DOMAIN);
        assertThat(browser.post("/account", "/account/second-factor", Map.of()).headers().firstValue("Location"))
                .get().asString().endsWith("/account/confirm");

        // when another person signs in at the provider
        String landed = browser.through("/oauth2/authorization/sso", "cora", new java.util.ArrayList<>());

        // then neither is signed in here, and the step-up is refused on the trail
        assertThat(landed).isEqualTo("/login?sso=other-account");
        assertThat(browser.get("/cases").headers().firstValue("Location")).get().asString().endsWith("/login");
        assertThat(audit("tess")).contains("StepUpRefused:FAILED:sso-other-account");
    }

    @Test
    void an_address_handed_on_to_another_person_at_the_provider_does_not_hand_on_the_account() {
        // given a coordinator linked at their first sign-in
        assertThat(new Browser().signIn("cora")).isEqualTo("/cases");

        // when another person of the provider comes with the same verified address
        String landed = new Browser().signIn("cora-successor");

        // then they are refused, and the account keeps its one link
        assertThat(landed).isEqualTo("/login?sso=refused");
        assertThat(links("cora")).isOne();
        assertThat(audit("cora")).contains("SignInFailed:FAILED:sso-account-linked-to-another:sso");
    }

    @Test
    void an_answer_whose_state_does_not_match_the_browser_s_request_is_refused() {
        // given a browser the provider sends back with an authorization code
        Browser browser = new Browser();
        String callback = browser.untilCallback("/oauth2/authorization/sso", "cora");

        // when the state is not the one this browser sent
        HttpResponse<String> answer = browser.get(callback.replaceFirst("state=[^&]+", "state=forged"));

        // then
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).get().asString().endsWith("/login?sso=failed");
        assertThat(browser.get("/cases").statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from audit_entries where action = 'SignInFailed' "
                + "and rule = 'sso-authorization_request_not_found'").query(Integer.class).single()).isPositive();
    }

    private void invited(UserId admin, String email, Role role) {
        Instant now = Instant.now();
        UserId id = UserId.random();
        String name = email.substring(0, 1).toUpperCase() + email.substring(1, email.indexOf('@'));
        accounts.insertInvited(id, email, name, role, "!", admin, now);
        invitations.insert(email, name, role, admin, now, now.plus(Duration.ofDays(3)), id);
    }

    private UserId account(String name) {
        return identity.findByEmail(name + DOMAIN).orElseThrow().actor().id();
    }

    private int links(String name) {
        return jdbc.sql("select count(*) from identity_sso_links l join identity_accounts a on a.id = l.account_id "
                + "where a.email = ?").param(name + DOMAIN).query(Integer.class).single();
    }

    /** The account's audit entries as {@code action:outcome[:rule][:detail]}. */
    private List<String> audit(String name) {
        return jdbc.sql("select action, outcome, rule, detail from audit_entries where actor_id = ? order by id")
                .param(account(name).value())
                .query((rs, n) -> rs.getString(1) + ":" + rs.getString(2)
                        + (rs.getString(3) == null ? "" : ":" + rs.getString(3))
                        + (rs.getString(4) == null ? "" : ":" + rs.getString(4)))
                .list();
    }

    /** The account's browser session proved who its holder is an hour ago, in the same ways. */
    private void ageProof(String email) {
        AuthenticationContext proof = sessionProof(email);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new AuthenticationContext(proof.at().minus(Duration.ofHours(1)), proof.methods()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(jdbc.sql("""
                update platform_session_attributes set attribute_bytes = ? where attribute_name = ?
                and session_primary_id in (select primary_id from platform_session where principal_name = ?)
                """).params(bytes.toByteArray(), AuthenticationContext.SESSION_ATTRIBUTE, email).update())
                .as("the session's proof").isPositive();
    }

    /** What the account's browser session holds as its holder's proof. */
    private AuthenticationContext sessionProof(String email) {
        byte[] stored = jdbc.sql("""
                select a.attribute_bytes from platform_session_attributes a
                join platform_session s on s.primary_id = a.session_primary_id
                where a.attribute_name = ? and s.principal_name = ? order by s.creation_time desc limit 1
                """).params(AuthenticationContext.SESSION_ATTRIBUTE, email).query(byte[].class).single();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(stored))) {
            return (AuthenticationContext) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A browser: cookies for the app (localhost) and the provider (127.0.0.1), redirects followed by hand. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String app = "http://localhost:" + port;

        /** Signs in by the provider from the sign-in page's button; answers where the app sent the browser. */
        String signIn(String username) {
            assertThat(get("/login").body()).contains("Sign in with Northwell SSO");
            return through("/oauth2/authorization/sso", username, new java.util.ArrayList<>());
        }

        /**
         * Follows the redirects from {@code start}, signing in at the provider when it asks; answers the first page of
         * the app that is not part of the sign-in, as a path.
         */
        String through(String start, String username, List<String> providerPages) {
            return walk(start, username, providerPages, false);
        }

        /** As {@link #through}, stopping at the address the provider sends the browser back to. */
        String untilCallback(String start, String username) {
            return walk(start, username, new java.util.ArrayList<>(), true);
        }

        private String walk(String start, String username, List<String> providerPages, boolean stopAtCallback) {
            URI url = URI.create(app + start);
            for (int step = 0; step < 20; step++) {
                if (url.toString().startsWith(PROVIDER.issuer())) {
                    providerPages.add(url.toString());
                }
                HttpResponse<String> response = send(HttpRequest.newBuilder(url));
                if (response.statusCode() / 100 == 3) {
                    URI next = url.resolve(response.headers().firstValue("Location").orElseThrow());
                    boolean inApp = next.toString().startsWith(app);
                    if (inApp && next.getPath().startsWith("/login/oauth2/code/") && stopAtCallback) {
                        return next.toString().substring(app.length());
                    }
                    if (inApp && !next.getPath().startsWith("/login/oauth2/code/")
                            && !next.getPath().startsWith("/oauth2/authorization/")) {
                        return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
                    }
                    url = next;
                } else if (response.statusCode() == 200 && url.getPath().equals("/login")
                        && url.toString().startsWith(PROVIDER.issuer())) {
                    Matcher csrf = CSRF.matcher(response.body());
                    assertThat(csrf.find()).as(response.body()).isTrue();
                    HttpResponse<String> signedIn = send(HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username,
                                    "password", TestIdentityProvider.PASSWORD, "_csrf", csrf.group(1))))));
                    assertThat(signedIn.statusCode()).as("the provider's sign-in").isEqualTo(302);
                    url = url.resolve(signedIn.headers().firstValue("Location").orElseThrow());
                } else {
                    throw new AssertionError("stuck at " + url + ": " + response.statusCode() + " " + response.body());
                }
            }
            throw new AssertionError("too many redirects from " + start);
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : app + path)));
        }

        HttpResponse<String> post(String page, String action, Map<String, String> fields) {
            Matcher csrf = CSRF.matcher(get(page).body());
            assertThat(csrf.find()).as(page + " has a form").isTrue();
            Map<String, String> all = new java.util.LinkedHashMap<>(fields);
            all.put("_csrf", csrf.group(1));
            return send(HttpRequest.newBuilder(URI.create(app + action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(all))));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            return Http.send(http, request.header("Accept", "text/html"));
        }

        private static String form(Map<String, String> fields) {
            return fields.entrySet().stream().map(e -> e.getKey() + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        }
    }
}
