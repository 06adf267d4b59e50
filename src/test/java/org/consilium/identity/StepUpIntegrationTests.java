package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.Authentications;
import org.consilium.ApiClient.Response;
import org.consilium.IntegrationTest;
import org.consilium.shared.CaseId;
import org.consilium.shared.Sha256;
import org.consilium.web.LoopCases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Step-up in the API (RFC 9470): signing and administering need an authentication at most five minutes old; an older
 * one is answered 401 insufficient_user_authentication, and POST /auth/step-up gives a token that passes.
 */
@IntegrationTest
class StepUpIntegrationTests {

    static final String CHALLENGE = "Bearer error=\"insufficient_user_authentication\", "
            + "error_description=\"A more recent authentication is required\", max_age=300";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LoopCases loop;

    @Autowired
    Authentications authentications;

    @Autowired
    IdentityManagement identity;

    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
    }

    @Test
    void an_old_authentication_cannot_sign_until_its_holder_steps_up_and_the_signature_says_how() {
        // given a draft ready to sign, and the oncologist's token of a sign-in six minutes ago
        CaseId id = loop.drafted(false);
        String old = signIn(LoopCases.ONCOLOGIST).json().get("access_token").asString();
        authentications.authenticatedMinutesAgo(old, 6);
        String sign = "/api/v1/cases/" + id + "/opinion/sign";

        // when they sign, step up with a wrong password, then with theirs, and sign with the token they get
        Response refused = api.post(old, sign, null);
        Response wrongPassword = api.post(old, "/api/v1/auth/step-up", Map.of("password", "not the password"));
        Response missingPassword = api.post(old, "/api/v1/auth/step-up", Map.of());
        Response stepped = api.post(old, "/api/v1/auth/step-up", Map.of("password", ApiClient.DEMO_PASSWORD));
        String fresh = stepped.json().get("access_token").asString();
        Response signed = api.post(fresh, sign, null);

        // then the old token was told what it needs, and nothing was signed with it
        assertProblem(refused, 401);
        assertThat(refused.header("WWW-Authenticate")).hasValue(CHALLENGE);
        assertThat(refused.json().get("type").asString()).endsWith(":step-up-required");
        assertThat(refused.json().get("detail").asString()).startsWith("Signing the opinion needs an "
                + "authentication at most 5 minutes old");
        assertProblem(wrongPassword, 400);
        assertThat(wrongPassword.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertProblem(missingPassword, 400);
        // and the step-up answered a new pair, whose access token signs, and the signature records the password
        assertThat(stepped.status()).as("%s", stepped).isEqualTo(200);
        assertThat(stepped.header("Cache-Control")).hasValue("no-store");
        assertThat(stepped.json().get("refresh_token").asString()).isNotBlank();
        assertThat(signed.status()).as("%s", signed).isEqualTo(200);
        assertThat(signed.json().get("signature").get("authenticationMethod").asString()).isEqualTo("password");
        // and both attempts are on the audit trail
        assertThat(jdbc.sql("select action || ':' || coalesce(rule, '') from audit_entries where actor_id = ? "
                + "and action in ('StepUpRefused', 'SteppedUp') order by id desc limit 2")
                .param(accountId(LoopCases.ONCOLOGIST)).query(String.class).list())
                .containsExactly("SteppedUp:", "StepUpRefused:wrong-password");
    }

    @Test
    void a_refresh_keeps_the_sign_in_s_authentication_time_and_a_step_up_stays_in_its_sign_in() {
        // given an administrator's sign-in six minutes old, renewed by its refresh token
        Response signedIn = signIn(LoopCases.ADMIN);
        authentications.authenticatedMinutesAgo(signedIn.json().get("access_token").asString(), 6);
        jdbc.sql("update identity_refresh_tokens set authenticated_at = now() - interval '6 minutes' "
                + "where token_hash = ?").param(Sha256.digest(signedIn.json().get("refresh_token").asString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).update();
        String renewed = api.post(null, "/api/v1/auth/refresh", Map.of("refresh_token",
                signedIn.json().get("refresh_token").asString())).json().get("access_token").asString();
        Map<String, String> invitation = Map.of("email", "step-" + System.nanoTime() + "@example.org",
                "displayName", "Dana Step", "role", "COORDINATOR");

        // when the renewed token invites staff, then steps up and invites, then the sign-in is ended
        Response refused = api.post(renewed, "/api/v1/admin/invitations", invitation);
        Response stepped = api.post(renewed, "/api/v1/auth/step-up", Map.of("password", ApiClient.DEMO_PASSWORD));
        String fresh = stepped.json().get("access_token").asString();
        Response invited = api.post(fresh, "/api/v1/admin/invitations", invitation);
        api.post(signedIn.json().get("access_token").asString(), "/api/v1/auth/logout", null);

        // then the renewal proved nothing new, the step-up did, and logging out the sign-in ended the step-up's too
        assertProblem(refused, 401);
        assertThat(refused.header("WWW-Authenticate")).hasValue(CHALLENGE);
        assertThat(invited.status()).as("%s", invited).isEqualTo(202);
        assertThat(api.get(fresh, "/api/v1/cases").status()).isEqualTo(401);
        assertProblem(api.post(null, "/api/v1/auth/refresh", Map.of("refresh_token",
                stepped.json().get("refresh_token").asString())), 400);
    }

    @Test
    void a_personal_access_token_never_passes_a_guarded_action_and_cannot_step_up() {
        // given an administrator's personal access token with the WRITE scope
        String admin = signIn(LoopCases.ADMIN).json().get("access_token").asString();
        Response made = api.post(admin, "/api/v1/auth/personal-tokens", Map.of("name", "Provisioning",
                "scope", "WRITE", "expiresInDays", 30));
        String personal = made.json().get("token").asString();

        // when
        Response invited = api.post(personal, "/api/v1/admin/invitations", Map.of("email",
                "pat-" + System.nanoTime() + "@example.org", "displayName", "Pat Token", "role", "COORDINATOR"));
        Response stepped = api.post(personal, "/api/v1/auth/step-up", Map.of("password", ApiClient.DEMO_PASSWORD));

        // then
        assertThat(made.status()).as("%s", made).isEqualTo(201);
        assertProblem(invited, 403);
        assertThat(invited.json().get("detail").asString()).isEqualTo("inviting staff cannot be done with a "
                + "personal access token; sign in to do it");
        assertProblem(stepped, 403);
    }

    @Test
    void setting_up_an_authenticator_app_needs_a_recent_sign_in_so_an_old_session_cannot_add_one() {
        // given a browser whose sign-in no longer proves anything
        String email = "app-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Ana App", "copper willow lantern", true));
        org.consilium.BrowserForms browser = new org.consilium.BrowserForms(port);
        browser.signIn(email, "copper willow lantern");
        authentications.forgetBrowserProof(email);

        // when it starts setting up an app
        var started = browser.post("/account", "/account/second-factor", Map.of());

        // then it is asked to confirm who it is first, and no key was made
        assertThat(started.statusCode()).isEqualTo(303);
        assertThat(started.headers().firstValue("Location")).get().asString().endsWith("/account/confirm");
        assertThat(browser.get("/account/confirm").body()).contains("Setting up an authenticator app");
        assertThat(jdbc.sql("select count(*) from identity_totp where account_id = "
                + "(select id from identity_accounts where email = ?)").param(email).query(Integer.class).single())
                .isZero();
    }

    @Test
    void the_step_up_endpoint_needs_a_bearer_token() {
        Response anonymous = api.post(null, "/api/v1/auth/step-up", Map.of("password", ApiClient.DEMO_PASSWORD));

        assertProblem(anonymous, 401);
        assertThat(anonymous.json().get("type").asString()).endsWith(":unauthenticated");
    }

    private Response signIn(String email) {
        Response signedIn = api.signIn(email, ApiClient.DEMO_PASSWORD);
        assertThat(signedIn.status()).as("%s", signedIn).isEqualTo(200);
        return signedIn;
    }

    private java.util.UUID accountId(String email) {
        return jdbc.sql("select id from identity_accounts where email = ?").param(email)
                .query(java.util.UUID.class).single();
    }
}
