package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.SlowWorkWatch;
import org.consilium.SlowWorkWatch.Work;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signing in over the API and in the browser: the password is hashed and checked with no database connection held,
 * and the throttle slows guessing down without letting a stranger lock the owner out. Every test registers accounts
 * of its own and stands for clients at addresses of its own (through the trusted test proxy), so no throttle count
 * leaks between tests.
 */
@IntegrationTest
class SignInIntegrationTests {

    private static final String PASSWORD = "the-owner-s-password";

    @LocalServerPort
    int port;

    @Autowired
    org.consilium.Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;


    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void a_stranger_hammering_an_email_from_one_address_does_not_stop_the_owner_signing_in_from_another() {
        // given the owner's account, and a stranger who sends fifteen wrong passwords for it from one address
        String email = registered("hammered");
        ApiClient stranger = ApiClient.behindProxy(port, ApiClient.randomAddress());
        ApiClient owner = ApiClient.behindProxy(port, ApiClient.randomAddress());
        List<Response> guesses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            guesses.add(stranger.signIn(email, "guess-" + i));
        }

        // when the owner signs in from their own address, waiting once if they are asked to
        Response first = owner.signIn(email, PASSWORD);
        Response signedIn = first;
        if (first.status() == 429) {
            long wait = Long.parseLong(first.header("Retry-After").orElseThrow());
            assertThat(wait).as("an address that has not been failing waits a few seconds at most")
                    .isLessThanOrEqualTo(5);
            sleep(Duration.ofSeconds(wait));
            signedIn = owner.signIn(email, PASSWORD);
        }

        // then the owner is in, while the stranger's address was slowed down: most guesses were refused unchecked
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        assertThat(guesses).extracting(Response::status).containsOnly(401, 429);
        assertThat(guesses.stream().filter(g -> g.status() == 401).count()).isBetween(5L, 8L);
        assertThat(guesses.getLast().status()).isEqualTo(429);
        assertThat(guesses.getLast().header("Retry-After")).isPresent();
    }

    @Test
    void the_guessing_address_waits_even_with_the_right_password() {
        // given five wrong passwords for an account from one address
        String email = registered("guessed");
        ApiClient guesser = ApiClient.behindProxy(port, ApiClient.randomAddress());
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.signIn(email, "guess-" + i).status()).isEqualTo(401);
        }

        // when the right password comes next from the same address
        Response refused = guesser.signIn(email, PASSWORD);

        // then it has to wait, unchecked, and says how long, like any throttled attempt
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:consilium:problem:too-many-attempts");
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 5L);
        assertThat(jdbc.sql("select rule from audit_entries where action = 'SignInFailed' order by id desc limit 1")
                .query(String.class).single()).isEqualTo("throttled");
    }

    @Test
    void a_throttled_unknown_email_gets_the_same_answer_as_a_throttled_account() {
        // given five wrong passwords each for an account and for an email without one, from one address
        String known = registered("known");
        String unknown = "nobody-" + System.nanoTime() + "@example.org";
        ApiClient guesser = ApiClient.behindProxy(port, ApiClient.randomAddress());
        for (int i = 0; i < 5; i++) {
            guesser.signIn(known, "guess-" + i);
            guesser.signIn(unknown, "guess-" + i);
        }

        // when
        Response knownAnswer = guesser.signIn(known, "guess-again");
        Response unknownAnswer = guesser.signIn(unknown, "guess-again");

        // then
        assertThat(knownAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.status()).isEqualTo(429);
        assertThat(unknownAnswer.json().get("detail").asString().replaceAll("\\d+", "N"))
                .isEqualTo(knownAnswer.json().get("detail").asString().replaceAll("\\d+", "N"));
    }

    @Test
    void passwords_are_hashed_and_checked_without_holding_a_database_connection() {
        // given
        int hashes = SlowWorkWatch.runs(Work.PASSWORD);
        int holding = SlowWorkWatch.runsHoldingAConnection(Work.PASSWORD);

        // when an account is registered, signs in over the API with the right password and a wrong one, and an
        // email without an account is tried
        String email = registered("hashed");
        ApiClient client = ApiClient.behindProxy(port, ApiClient.randomAddress());
        assertThat(client.signIn(email, PASSWORD).status()).isEqualTo(200);
        assertThat(client.signIn(email, "a-wrong-password").status()).isEqualTo(401);
        assertThat(client.signIn("nobody-" + System.nanoTime() + "@example.org", PASSWORD).status()).isEqualTo(401);
        // and in the browser, once right and once wrong
        assertThat(new BrowserForms(port).signIn(email, PASSWORD)).endsWith("/cases");
        assertThat(new BrowserForms(port).signIn(email, "a-wrong-password")).endsWith("/login?error");

        // then
        assertThat(SlowWorkWatch.runs(Work.PASSWORD) - hashes).isGreaterThanOrEqualTo(6);
        assertThat(SlowWorkWatch.runsHoldingAConnection(Work.PASSWORD) - holding).isZero();
    }

    @Test
    void a_guessable_password_is_refused_at_registration_in_words_and_no_account_is_made() {
        // given
        String email = "guessable-" + System.nanoTime() + "@example.org";

        // when a patient registers with a common word and a year, over the API and with the form
        Response refused = api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName",
                "Test Person", "password", "Summer2025Summer!", "acceptPrivacyNoticeAndTerms", true));
        var form = new BrowserForms(port).post("/register", "/register", Map.of("email", email, "displayName",
                "Test Person", "password", "P@ssw0rd-2025", "acceptedNotices", "true"));

        // then both are refused at the password field, saying why, and no account exists
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("Password is made of common password words");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Password is made of common password words");
        assertThat(jdbc.sql("select count(*) from identity_accounts where email = ?").param(email)
                .query(Long.class).single()).isZero();
    }

    @Test
    void passwords_are_stored_as_argon2id_with_owasp_s_parameters() {
        // when
        String email = registered("parameters");

        // then the stored hash names Argon2id, 19 MiB, 2 passes, 1 lane (OWASP's Password Storage Cheat Sheet)
        assertThat(jdbc.sql("select password_hash from identity_accounts where email = ?").param(email)
                .query(String.class).single()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    private String registered(String name) {
        String email = name + "-" + System.nanoTime() + "@example.org";
        Response registered = api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName",
                "Test Person", "password", PASSWORD, "acceptPrivacyNoticeAndTerms", true));
        assertThat(registered.status()).isEqualTo(202);
        mailbox.confirm(api, email, PASSWORD);
        return email;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.plusMillis(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
