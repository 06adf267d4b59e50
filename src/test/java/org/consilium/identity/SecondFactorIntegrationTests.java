package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An authenticator app as a second factor: set up in the browser, asked for at sign-in in the browser and the API. */
@IntegrationTest
class SecondFactorIntegrationTests {

    private static final String PASSWORD = "saffron tunnel beacon";
    private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
    private static final Pattern RECOVERY = Pattern.compile("<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})"
            + "</code>");

    @LocalServerPort
    int port;

    @Autowired
    IdentityManagement identity;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
    }

    /** An account that set up its app; its secret and recovery codes, and the step of the code that confirmed it. */
    record Enrolled(String email, byte[] secret, List<String> recoveryCodes, long confirmedStep) {
    }

    @Test
    void the_api_asks_for_the_code_and_takes_each_code_once() {
        // given an account with an authenticator app
        Enrolled account = enrolled("api");
        String next = Totp.code(account.secret(), account.confirmedStep() + 1, 6, "HmacSHA1");

        // when
        Response without = token(account.email(), null);
        Response wrong = token(account.email(), otherThan(next, account));
        Response right = token(account.email(), next);
        Response replayed = token(account.email(), next);
        Response wrongPassword = api.post(null, "/api/v1/auth/token", Map.of("username", account.email(),
                "password", "not the password", "otp", next));

        // then
        assertProblem(without, 401);
        assertThat(without.json().get("type").asString()).endsWith(":otp-required");
        assertProblem(wrong, 401);
        assertThat(wrong.json().get("type").asString()).endsWith(":otp-invalid");
        assertThat(right.status()).as("%s", right).isEqualTo(200);
        assertProblem(replayed, 401);
        assertThat(replayed.json().get("type").asString()).endsWith(":otp-invalid");
        assertThat(wrongPassword.json().get("type").asString()).endsWith(":bad-credentials");
        assertThat(failures(account.email())).contains("code-missing", "wrong-code", "replayed-code");
    }

    @Test
    void a_step_up_takes_the_second_factor_and_the_tokens_record_what_was_given() {
        // given an account with an authenticator app, signed in with a code of the app
        Enrolled account = enrolled("stepup");
        String code = Totp.code(account.secret(), account.confirmedStep() + 1, 6, "HmacSHA1");
        String token = token(account.email(), code).json().get("access_token").asString();

        // when it steps up with its password alone, with the code already used, with a recovery code and its
        // password, and with another recovery code alone
        Response noCode = api.post(token, "/api/v1/auth/step-up", Map.of("password", PASSWORD));
        Response replayed = api.post(token, "/api/v1/auth/step-up", Map.of("otp", code));
        Response recovered = api.post(token, "/api/v1/auth/step-up", Map.of("password", PASSWORD,
                "otp", account.recoveryCodes().getFirst()));
        Response wrongPassword = api.post(token, "/api/v1/auth/step-up", Map.of("password", "not the password",
                "otp", account.recoveryCodes().get(1)));
        Response codeAlone = api.post(token, "/api/v1/auth/step-up", Map.of("otp", account.recoveryCodes().get(2)));

        // then a step-up proves as much as the sign-in did, and each token says how it was proved
        assertProblem(noCode, 400);
        assertThat(noCode.json().get("errors").get(0).get("field").asString()).isEqualTo("otp");
        assertProblem(replayed, 400);
        assertThat(replayed.json().get("errors").get(0).get("field").asString()).isEqualTo("otp");
        assertThat(recovered.status()).as("%s", recovered).isEqualTo(200);
        assertThat(storedMethod(token)).isEqualTo("password+totp");
        assertThat(storedMethod(recovered.json().get("access_token").asString()))
                .isEqualTo("password+recovery-code");
        assertProblem(wrongPassword, 400);
        assertThat(wrongPassword.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(codeAlone.status()).as("%s", codeAlone).isEqualTo(200);
        assertThat(storedMethod(codeAlone.json().get("access_token").asString())).isEqualTo("recovery-code");
        assertThat(failures(account.email())).contains("replayed-code");
    }

    private String storedMethod(String accessToken) {
        return jdbc.sql("select auth_method from identity_access_tokens where token_hash = ?")
                .param(org.consilium.shared.Sha256.digest(accessToken.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))).query(String.class).single();
    }

    @Test
    void wrong_codes_add_up_however_often_the_right_password_comes_with_them() {
        // given an account with an authenticator app, and a code that is not its own
        Enrolled account = enrolled("guessed");
        String wrong = otherThan("", account);

        // when the right password is sent again and again, each time with a wrong code
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 8 && !statuses.contains(429); i++) {
            statuses.add(token(account.email(), wrong).status());
        }

        // then the guesses are slowed down like wrong passwords
        assertThat(statuses).contains(429);
    }

    @Test
    void the_browser_signs_in_only_after_the_code_and_a_recovery_code_works_once() {
        // given
        Enrolled account = enrolled("browser");
        BrowserForms browser = new BrowserForms(port);

        // when the password is right, the browser is asked for the code and is not signed in yet
        String afterPassword = browser.signIn(account.email(), PASSWORD);
        assertThat(afterPassword).endsWith("/login/code");
        assertThat(browser.get("/cases").headers().firstValue("Location").orElseThrow()).contains("/login");

        // when a wrong code, then a recovery code, is typed
        HttpResponse<String> wrong = browser.post("/login/code", "/login/code", Map.of("code", "000000"));
        HttpResponse<String> recovered = browser.post("/login/code", "/login/code",
                Map.of("code", account.recoveryCodes().getFirst().toLowerCase()));

        // then the wrong one is refused on the page, the recovery code signs in, and works no more
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("That code is wrong");
        assertThat(recovered.statusCode()).isEqualTo(302);
        assertThat(recovered.headers().firstValue("Location").orElseThrow()).endsWith("/cases");
        assertThat(browser.get("/cases").statusCode()).isEqualTo(200);
        assertThat(browser.get("/account").body()).contains("9</span> recovery codes left");
        Response again = token(account.email(), account.recoveryCodes().getFirst());
        assertProblem(again, 401);
        assertThat(failures(account.email())).contains("used-recovery-code");
        assertThat(jdbc.sql("select detail from audit_entries where actor_id = ? and action = 'SignedIn'")
                .param(accountId(account.email())).query(String.class).list()).contains("browser+second-factor");
    }

    @Test
    void a_mistyped_first_code_shows_the_same_key_again_and_a_second_app_is_refused() {
        // given a patient setting up an app
        String email = registered("mistyped");
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, PASSWORD);
        HttpResponse<String> started = browser.post("/account", "/account/second-factor", Map.of());
        String secret = secretOn(started.body());
        assertThat(started.body()).contains("<svg").contains("QR code of the key");

        // when they mistype the first code
        HttpResponse<String> mistyped = browser.post("/account", "/account/second-factor/confirm",
                Map.of("code", "12345"));

        // then the page shows the same key, with the error at the field
        assertThat(mistyped.statusCode()).isEqualTo(200);
        assertThat(secretOn(mistyped.body())).isEqualTo(secret);
        assertThat(mistyped.body()).contains("That is not the code your app shows now");

        // and once it is on, a second one cannot be started
        browser.post("/account", "/account/second-factor/confirm", Map.of("code",
                Totp.code(decode(secret), Totp.step(Instant.now()), 6, "HmacSHA1")));
        HttpResponse<String> second = browser.post("/account", "/account/second-factor", Map.of());
        assertThat(second.statusCode()).isEqualTo(302);
        assertThat(browser.get("/account").body()).contains("set up already");
    }

    private Enrolled enrolled(String name) {
        String email = registered(name);
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, PASSWORD);
        byte[] secret = decode(secretOn(browser.post("/account", "/account/second-factor", Map.of()).body()));
        long step = Totp.step(Instant.now());
        HttpResponse<String> confirmed = browser.post("/account", "/account/second-factor/confirm",
                Map.of("code", Totp.code(secret, step, 6, "HmacSHA1")));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = RECOVERY.matcher(confirmed.body()).results().map(m -> m.group(1)).toList();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        // The code that confirmed the app may have been of the step before or after, by a clock tick.
        long used = jdbc.sql("select last_used_step from identity_totp where account_id = ?")
                .param(accountId(email)).query(Long.class).single();
        return new Enrolled(email, secret, codes, used);
    }

    private String registered(String name) {
        String email = name + "-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Tess Factor", PASSWORD, true));
        return email;
    }

    private Response token(String email, String otp) {
        return api.post(null, "/api/v1/auth/token", otp == null ? Map.of("username", email, "password", PASSWORD)
                : Map.of("username", email, "password", PASSWORD, "otp", otp));
    }

    /** A six-digit code that is none of the account's codes around now. */
    private static String otherThan(String code, Enrolled account) {
        long now = Totp.step(Instant.now());
        for (int i = 0; ; i++) {
            String candidate = String.format("%06d", i);
            boolean anyStep = false;
            for (long s = now - 2; s <= now + 2; s++) {
                anyStep |= Totp.code(account.secret(), s, 6, "HmacSHA1").equals(candidate);
            }
            if (!anyStep && !candidate.equals(code)) {
                return candidate;
            }
        }
    }

    private java.util.UUID accountId(String email) {
        return identity.findByEmail(email).orElseThrow().actor().id().value();
    }

    private List<String> failures(String email) {
        return jdbc.sql("select rule from audit_entries where actor_id = ? and action = 'SignInFailed' order by id")
                .param(accountId(email)).query(String.class).list();
    }

    private static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        assertThat(m.find()).as("the key on the page").isTrue();
        return m.group(1).replace(" ", "");
    }

    /** RFC 4648 base32, as an authenticator app reads the key. */
    static byte[] decode(String base32) {
        return AuthenticatorApp.decodeKey(base32);
    }
}
