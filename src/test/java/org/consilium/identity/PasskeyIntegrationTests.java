package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.Authentications;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys end to end over HTTP, with a software authenticator whose keys and signatures are real: added from the
 * account page, then a way in on their own (browser and API), a second step after the password, and a step-up; and
 * every answer that must not pass (replayed, for another purpose, from another site, without the user verified, from a
 * cloned device, removed) refused, and audited when it concerns an account.
 */
@IntegrationTest
class PasskeyIntegrationTests {

    static final String PASSWORD = "a long enough passphrase";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    IdentityManagement identity;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Authentications authentications;

    @Autowired
    org.consilium.Mailbox mailbox;

    ApiClient api;
    String origin;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
        origin = "http://localhost:" + port;
    }

    @Test
    void a_patient_adds_a_passkey_then_signs_in_with_it_alone_in_the_browser_and_in_the_api() {
        // given a patient signed in with their password
        String email = patient();
        BrowserForms browser = new BrowserForms(port);
        assertThat(browser.signIn(email, PASSWORD)).endsWith("/cases");

        // when they ask for a passkey's options and their device answers them
        HttpResponse<String> options = browser.post("/account", "/account/passkeys/options", Map.of());
        SoftwarePasskey device = new SoftwarePasskey(origin);
        HttpResponse<String> added = browser.post("/account", "/account/passkeys",
                Map.of("label", "My phone", "credential", device.register(options.body())));

        // then the options name this site, ask the device to verify its user, and never carry the account's id
        JsonNode creation = JSON.readTree(options.body());
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(creation.get("rp").get("id").asString()).isEqualTo("localhost");
        assertThat(creation.get("user").get("name").asString()).isEqualTo(email);
        assertThat(creation.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
        assertThat(creation.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
        assertThat(creation.get("user").get("id").asString()).doesNotContain(accountId(email).replace("-", ""));
        // and a first second factor comes with its recovery codes, shown this once
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(added.body()).contains("id=\"passkey-added\"").contains("My phone");
        assertThat(added.body().split("<li><code>", -1)).hasSize(11);
        assertThat(browser.get("/account").body()).contains("id=\"passkeys\"").contains("My phone");
        assertThat(audited(email, "PasskeyAdded")).isEqualTo(1);
        // and the holder is told by mail, so a passkey added by someone else in their session does not go unnoticed
        assertThat(mailbox.newestTo(email).subject()).isEqualTo("A passkey of your Consilium account changed");
        assertThat(mailbox.newestTo(email).text()).contains("was added to your account: “My phone”");

        // when, in another browser, they sign in with the passkey alone
        BrowserForms other = new BrowserForms(port);
        HttpResponse<String> signInOptions = other.post("/login", "/login/passkey/options", Map.of());
        assertThat(JSON.readTree(signInOptions.body()).get("allowCredentials")).isEmpty();
        HttpResponse<String> signedIn = other.post("/login", "/login/passkey",
                Map.of("credential", device.sign(signInOptions.body())));

        // then they are in, with no second step asked
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/cases"));
        assertThat(other.get("/account").body()).contains(email);

        // and an API client signs in the same way, and gets a token pair
        Response token = api.post(null, "/api/v1/auth/token", Map.of("passkey",
                JSON.readTree(device.sign(api.post(null, "/api/v1/auth/passkey/sign-in-options", null).text()))));
        assertThat(token.status()).as("%s", token).isEqualTo(200);
        assertThat(api.get(token.json().get("access_token").asString(), "/api/v1/cases").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_entries where actor_id = ?::uuid and action = 'SignedIn'")
                .param(accountId(email)).query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void answers_that_must_not_sign_anyone_in_are_refused_alike_and_those_of_an_account_s_passkey_audited() {
        // given a patient with a passkey
        String email = patient();
        SoftwarePasskey device = withPasskey(email);

        // when answers come replayed, for another site, without the user verified, from a device that was cloned,
        // from a passkey nobody added, and for a challenge made for another purpose
        String options = signInOptions();
        String answer = device.sign(options);
        Response first = passkeyToken(answer);
        Response replayed = passkeyToken(answer);
        Response phished = passkeyToken(new SoftwarePasskeyAt(device, "http://consilium.example.net").sign());
        Response unverified = passkeyToken(device.withoutUserVerification().sign(signInOptions()));
        Response unknown = passkeyToken(new SoftwarePasskey(origin).sign(signInOptions()));
        Response malformed = api.post(null, "/api/v1/auth/token", Map.of("passkey", Map.of("id", "x")));

        // then only the first signs in; every other answer gets the same refusal, which says nothing more
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        for (Response refused : List.of(replayed, phished, unverified, unknown, malformed)) {
            assertProblem(refused, 401);
            assertThat(refused.json().get("type").asString()).endsWith(":passkey-refused");
        }
        // and each refusal of the account's passkey is on its audit trail with the reason; answers that name no
        // account (a passkey nobody has, a malformed one) are anyone's, and recorded nowhere
        assertThat(jdbc.sql("select rule from audit_entries where action = 'SignInFailed' and actor_id = ?::uuid "
                        + "order by id").param(accountId(email)).query(String.class).list())
                .containsExactly("passkey-unknown-challenge", "passkey-not-verified", "passkey-not-verified");
    }

    @Test
    void a_cloned_authenticator_whose_counter_goes_back_is_refused() {
        String email = patient();
        SoftwarePasskey device = withPasskey(email);
        assertThat(passkeyToken(device.counter(41).sign(signInOptions())).status()).isEqualTo(200);

        Response cloned = passkeyToken(device.counter(5).sign(signInOptions()));

        assertProblem(cloned, 401);
        assertThat(jdbc.sql("select rule from audit_entries where action = 'SignInFailed' and actor_id = ?::uuid")
                .param(accountId(email)).query(String.class).list()).containsExactly("passkey-counter-went-back");
    }

    @Test
    void after_the_password_a_passkey_is_the_second_step_and_only_the_account_s_own_passkey_will_do() {
        // given a patient with a passkey, and someone else's passkey
        String email = patient();
        SoftwarePasskey device = withPasskey(email);
        SoftwarePasskey stranger = withPasskey(patient());

        // when they sign in with their password
        BrowserForms browser = new BrowserForms(port);
        assertThat(browser.signIn(email, PASSWORD)).endsWith("/login/code");
        String page = browser.get("/login/code").body();
        String options = browser.post("/login/code", "/login/code/passkey/options", Map.of()).body();

        // then the second step offers the passkey, and its options list this account's passkey only
        assertThat(page).contains("Use a passkey").contains("recovery codes");
        assertThat(JSON.readTree(options).get("allowCredentials")).hasSize(1);
        assertThat(JSON.readTree(options).get("allowCredentials").get(0).get("id").asString()).isEqualTo(device.id());

        // when someone else's passkey answers, then their own
        HttpResponse<String> wrong = browser.post("/login/code", "/login/code/passkey",
                Map.of("credential", stranger.sign(options)));
        HttpResponse<String> right = browser.post("/login/code", "/login/code/passkey",
                Map.of("credential", device.sign(browser.post("/login/code", "/login/code/passkey/options",
                        Map.of()).body())));

        // then the stranger's is refused on the page, and their own signs them in
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("Your passkey did not sign you in");
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/cases"));
        assertThat(browser.get("/account").body()).contains(email);
    }

    @Test
    void an_api_client_steps_up_with_a_passkey_and_a_removed_passkey_signs_nobody_in() {
        // given a patient with a passkey, whose token is six minutes old
        String email = patient();
        SoftwarePasskey device = withPasskey(email);
        String old = passkeyToken(device.sign(signInOptions())).json().get("access_token").asString();
        authentications.authenticatedMinutesAgo(old, 6);
        Map<String, Object> tokenRequest = Map.of("name", "sync", "scope", "READ", "expiresInDays", 30);
        assertProblem(api.post(old, "/api/v1/auth/personal-tokens", tokenRequest), 401);

        // when they step up with the passkey
        Response stepOptions = api.post(old, "/api/v1/auth/passkey/step-up-options", null);
        Response stepped = api.post(old, "/api/v1/auth/step-up",
                Map.of("passkey", JSON.readTree(device.sign(stepOptions.text()))));

        // then the new token does what the old could not, and says how its holder proved who they are
        assertThat(JSON.readTree(stepOptions.text()).get("allowCredentials")).hasSize(1);
        assertThat(stepped.status()).as("%s", stepped).isEqualTo(200);
        assertThat(api.post(stepped.json().get("access_token").asString(), "/api/v1/auth/personal-tokens",
                tokenRequest).status()).isEqualTo(201);
        // and a sign-in challenge does not serve a step-up
        Response crossed = api.post(old, "/api/v1/auth/step-up",
                Map.of("passkey", JSON.readTree(device.sign(signInOptions()))));
        assertProblem(crossed, 400);
        assertThat(crossed.json().get("errors").get(0).get("field").asString()).isEqualTo("passkey");

        // when they remove the passkey from the account page (a fresh sign-in, so no confirmation is asked)
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, PASSWORD);
        String code = browser.get("/login/code").body();
        assertThat(code).contains("Use a passkey");
        browser.post("/login/code", "/login/code/passkey", Map.of("credential",
                device.sign(browser.post("/login/code", "/login/code/passkey/options", Map.of()).body())));
        HttpResponse<String> removed = browser.post("/account", "/account/passkeys/" + device.id() + "/removal",
                Map.of());

        // then it signs nobody in any more, and the account no longer asks for a second step
        assertThat(removed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/account"));
        assertProblem(passkeyToken(device.sign(signInOptions())), 401);
        assertThat(new BrowserForms(port).signIn(email, PASSWORD)).endsWith("/cases");
        assertThat(audited(email, "PasskeyRemoved")).isEqualTo(1);
        assertThat(mailbox.newestTo(email).text()).contains("was removed from your account: “Laptop”");
        assertThat(jdbc.sql("select rule from audit_entries where action = 'SignInFailed' and actor_id = ?::uuid "
                + "order by id desc limit 1").param(accountId(email)).query(String.class).single())
                .isEqualTo("passkey-removed");
    }

    @Test
    void one_address_asks_for_at_most_300_sign_in_challenges_in_ten_minutes() {
        // given a client address of its own, which asks for as many challenges as it may
        for (int i = 0; i < 300; i++) {
            assertThat(api.post(null, "/api/v1/auth/passkey/sign-in-options", null).status()).isEqualTo(200);
        }

        // when it asks once more
        Response refused = api.post(null, "/api/v1/auth/passkey/sign-in-options", null);

        // then it waits, and registration, counted apart, is not held up by it
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(api.post(null, "/api/v1/auth/register", Map.of()).status()).isEqualTo(400);
    }

    /** The same key, used from a browser at another origin: what a phishing site would relay. */
    private final class SoftwarePasskeyAt {
        private final SoftwarePasskey device;
        private final String phishingOrigin;

        SoftwarePasskeyAt(SoftwarePasskey device, String phishingOrigin) {
            this.device = device;
            this.phishingOrigin = phishingOrigin;
        }

        String sign() {
            return device.signFrom(phishingOrigin, signInOptions());
        }
    }

    private String signInOptions() {
        return api.post(null, "/api/v1/auth/passkey/sign-in-options", null).text();
    }

    private Response passkeyToken(String answer) {
        return api.post(null, "/api/v1/auth/token", Map.of("passkey", JSON.readTree(answer)));
    }

    private String patient() {
        String email = "passkey-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Pia Passkey", PASSWORD, true));
        return email;
    }

    /** Adds a passkey to the account through the account page, as its holder would. */
    private SoftwarePasskey withPasskey(String email) {
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, PASSWORD);
        SoftwarePasskey device = new SoftwarePasskey(origin);
        HttpResponse<String> added = browser.post("/account", "/account/passkeys", Map.of("label", "Laptop",
                "credential", device.register(browser.post("/account", "/account/passkeys/options", Map.of())
                        .body())));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        return device;
    }

    private String accountId(String email) {
        return jdbc.sql("select id::text from identity_accounts where email = ?").param(email)
                .query(String.class).single();
    }

    private int audited(String email, String action) {
        return jdbc.sql("select count(*) from audit_entries where actor_id = ?::uuid and action = ?")
                .params(accountId(email), action).query(Integer.class).single();
    }
}
