package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.Mailbox;
import org.consilium.identity.internal.AccountLinkStore;
import org.consilium.identity.internal.AccountLinkStore.Purpose;
import org.consilium.mail.OutgoingMail.Received;
import org.consilium.shared.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Confirming an address, resetting and changing a password, through the API and the pages, with the links followed
 * from the mails the demo's local mail server received.
 */
@IntegrationTest
class AccountSecurityIntegrationTests {

    private static final String PASSWORD = "violet harbour lantern";
    private static final String NEW_PASSWORD = "copper meadow sailing";

    @LocalServerPort
    int port;

    @Autowired
    Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AccountLinkStore links;

    @Autowired
    IdentityManagement identity;

    @Autowired
    org.springframework.core.env.Environment environment;

    ApiClient api;

    @BeforeEach
    void client() {
        // each test from an address of its own, so sign-in throttling of one never slows another
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
    }

    @Nested
    class Verification {

        @Test
        void a_new_patient_confirms_their_address_by_the_mailed_link_before_they_can_sign_in_and_submit() {
            // given a registration
            String email = fresh("new");
            Response registered = register(email, PASSWORD);

            // then the answer says to check the mail, and the mail carries a link and nothing clinical
            assertThat(registered.status()).isEqualTo(202);
            assertThat(registered.json().get("status").asString()).contains("mailed");
            Received mail = mailbox.newestTo(email);
            assertThat(mail.subject()).isEqualTo("Confirm your e-mail address for Consilium");
            assertThat(mail.text()).contains("/account/verify/").contains("24 hours");

            // and before the address is confirmed, the right password is refused like a wrong one
            Response early = api.signIn(email, PASSWORD);
            assertProblem(early, 401);
            assertThat(early.json().get("detail")).isEqualTo(api.signIn(email, "wrong-password-x").json()
                    .get("detail"));

            // when the link is followed with the password chosen at registration
            Response verified = api.post(null, "/api/v1/auth/verify-email",
                    Map.of("token", mailbox.secretOf(email, "/account/verify/"), "password", PASSWORD));

            // then the patient signs in and can open and submit a case
            assertThat(verified.status()).isEqualTo(204);
            Response signIn = api.signIn(email, PASSWORD);
            assertThat(signIn.status()).isEqualTo(200);
            String token = signIn.json().get("access_token").asString();
            Response opened = api.post(token, "/api/v1/cases", Map.of("diagnosis", "Glioma",
                    "specialty", "NEUROSURGERY", "questions",
                    List.of(Map.of("kind", "TREATMENT_OPTIONS", "text", "Is surgery right?"))));
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
            Response submitted = api.post(token, "/api/v1/cases/" + opened.json().get("id").asString() + "/submit",
                    null);
            assertThat(submitted.status()).as("%s", submitted).isEqualTo(200);
            assertThat(actions(accountOf(email))).contains("AccountRegistered", "VerificationSent", "EmailVerified");
        }

        @Test
        void a_confirmation_link_works_once_and_a_made_up_one_is_refused_in_the_same_words_and_audited() {
            // given a confirmed address
            String email = fresh("once");
            register(email, PASSWORD);
            String secret = mailbox.secretOf(email, "/account/verify/");
            assertThat(api.post(null, "/api/v1/auth/verify-email", Map.of("token", secret, "password", PASSWORD))
                    .status()).isEqualTo(204);

            // when the link is used again, and a made-up one
            Response again = api.post(null, "/api/v1/auth/verify-email", Map.of("token", secret, "password",
                    PASSWORD));
            Response madeUp = api.post(null, "/api/v1/auth/verify-email", Map.of("token", "x".repeat(43),
                    "password", PASSWORD));

            // then both are refused on the token, alike
            assertProblem(again, 400);
            assertProblem(madeUp, 400);
            assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
            assertThat(again.json().get("errors")).isEqualTo(madeUp.json().get("errors"));
            assertThat(jdbc.sql("""
                    select rule from audit_entries where actor_id = ? and action = 'LinkRefused' and outcome = 'FAILED'
                    """).param(accountOf(email).value()).query(String.class).list()).containsExactly("link-used");
        }

        @Test
        void an_expired_link_is_refused_and_a_reset_link_does_not_confirm_by_the_confirmation_endpoint() {
            // given an account whose confirmation link expired, and a live reset link of it
            String email = fresh("expired");
            register(email, PASSWORD);
            UserId account = accountOf(email);
            String expired = inTransaction(() -> links.issue(account, Purpose.VERIFY_EMAIL,
                    Instant.now().minus(Duration.ofHours(25)), Duration.ofHours(24)));
            String reset = inTransaction(() -> links.issue(account, Purpose.RESET_PASSWORD, Instant.now(),
                    Duration.ofHours(1)));

            // when
            Response late = api.post(null, "/api/v1/auth/verify-email", Map.of("token", expired, "password",
                    PASSWORD));
            Response wrongKind = api.post(null, "/api/v1/auth/verify-email", Map.of("token", reset, "password",
                    PASSWORD));

            // then neither confirms anything, and each refusal is audited with its reason
            assertProblem(late, 400);
            assertProblem(wrongKind, 400);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(401);
            assertThat(jdbc.sql("select rule from audit_entries where actor_id = ? and action = 'LinkRefused' "
                    + "order by id").param(account.value()).query(String.class).list())
                    .containsExactly("link-expired", "link-for-something-else");
        }

        @Test
        void registering_a_taken_address_answers_the_same_and_tells_its_holder_once_an_hour() {
            // given a confirmed account
            String email = fresh("taken");
            register(email, PASSWORD);
            mailbox.confirm(api, email, PASSWORD);

            // when someone registers the address twice more, with another password
            Response first = register(email, "another long password");
            Response second = register(email, "yet another long password");

            // then they are answered as a newcomer would be; the holder gets one notice, and no second account
            Response newcomer = register(fresh("newcomer"), PASSWORD);
            assertThat(first.status()).isEqualTo(newcomer.status());
            assertThat(first.json()).isEqualTo(newcomer.json());
            assertThat(second.json()).isEqualTo(newcomer.json());
            assertThat(mailbox.to(email)).extracting(Received::subject).containsExactly(
                    "Someone tried to register your e-mail address at Consilium",
                    "Confirm your e-mail address for Consilium");
            assertThat(mailbox.newestTo(email).text()).contains("/login").contains("/account/reset");
            assertThat(jdbc.sql("select count(*) from identity_accounts where email = ?").param(email)
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);
            assertThat(api.signIn(email, "another long password").status()).isEqualTo(401);
        }

        @Test
        void the_link_alone_confirms_nothing_without_the_password_chosen_at_registration() {
            // given a stranger who registered someone else's address, and the link mailed to that address
            String email = fresh("prehijack");
            register(email, "the stranger's password");
            String secret = mailbox.secretOf(email, "/account/verify/");

            // when the address's holder follows the link, not knowing the stranger's password, or gives none
            Response guessed = api.post(null, "/api/v1/auth/verify-email", Map.of("token", secret, "password",
                    "my own password here"));
            Response none = api.post(null, "/api/v1/auth/verify-email", Map.of("token", secret));

            // then nothing is confirmed, the link stays usable, and the wrong password is on the trail
            assertProblem(guessed, 400);
            assertThat(guessed.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
            assertProblem(none, 400);
            assertThat(api.signIn(email, "the stranger's password").status()).isEqualTo(401);
            assertThat(jdbc.sql("select rule from audit_entries where actor_id = ? and action = 'SignInFailed'")
                    .param(accountOf(email).value()).query(String.class).list()).contains("wrong-password");
            assertThat(api.post(null, "/api/v1/auth/verify-email", Map.of("token", secret, "password",
                    "the stranger's password")).status()).as("the link was not spent").isEqualTo(204);
        }

        @Test
        void whoever_reads_the_mailbox_takes_over_an_address_a_stranger_registered_first() {
            // given a stranger registered someone's address, and never confirmed it
            String email = fresh("squatted");
            register(email, "the stranger's password");

            // when its holder registers it (more than a minute later), and follows the link the mail gives them
            jdbc.sql("update identity_account_links set issued_at = issued_at - interval '2 minutes', expires_at = "
                    + "expires_at - interval '2 minutes' where account_id = ?").param(accountOf(email).value()).update();
            register(email, PASSWORD);
            Received mail = mailbox.newestTo(email);
            assertThat(mail.subject()).isEqualTo("Finish creating your Consilium account");
            Response chosen = api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));

            // then the holder's password works, and the stranger's does not
            assertThat(chosen.status()).as("%s", chosen).isEqualTo(204);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);
            assertThat(api.signIn(email, "the stranger's password").status()).isEqualTo(401);
        }
    }

    @Nested
    class Reset {

        @Test
        void a_reset_link_sets_a_new_password_once_and_ends_every_earlier_sign_in() {
            // given a confirmed account with a live token
            String email = confirmed("reset");
            String oldToken = api.signIn(email, PASSWORD).json().get("access_token").asString();

            // when a reset is asked for, and the link is used with a weak password first
            Response asked = api.post(null, "/api/v1/auth/password-reset", Map.of("email", email));
            String secret = mailbox.secretOf(email, "/account/reset/");
            Response weak = api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", secret, "newPassword", "password1234"));
            Response reset = api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", secret, "newPassword", NEW_PASSWORD));
            Response replayed = api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", secret, "newPassword", "a third good passphrase"));

            // then the weak password was refused without spending the link; the good one is set, once
            assertThat(asked.status()).isEqualTo(202);
            assertProblem(weak, 400);
            assertThat(weak.json().get("errors").get(0).get("field").asString()).isEqualTo("newPassword");
            assertThat(reset.status()).as("%s", reset).isEqualTo(204);
            assertProblem(replayed, 400);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(401);
            assertThat(api.signIn(email, NEW_PASSWORD).status()).isEqualTo(200);
            assertThat(api.get(oldToken, "/api/v1/cases").status()).as("the token from before").isEqualTo(401);
            assertThat(jdbc.sql("select count(*) from identity_account_links where account_id = ? and used_at is null")
                    .param(accountOf(email).value()).query(Long.class).single())
                    .as("no link of the account outlives the new password").isZero();
            assertThat(mailbox.newestTo(email).subject()).isEqualTo("Your Consilium password was changed");
            assertThat(actions(accountOf(email))).contains("PasswordResetSent", "PasswordReset");
        }

        @Test
        void asking_for_a_reset_says_the_same_for_an_unknown_address_and_mails_at_most_once_a_minute() {
            // given
            String email = confirmed("minute");
            String unknown = fresh("unknown");

            // when
            Response known = api.post(null, "/api/v1/auth/password-reset", Map.of("email", email));
            Response again = api.post(null, "/api/v1/auth/password-reset", Map.of("email", email));
            Response nobody = api.post(null, "/api/v1/auth/password-reset", Map.of("email", unknown));

            // then
            assertThat(List.of(known.status(), again.status(), nobody.status())).containsOnly(202);
            assertThat(nobody.json()).isEqualTo(known.json());
            assertThat(mailbox.to(email)).filteredOn(m -> m.subject().equals("Choose a new Consilium password"))
                    .hasSize(1);
            assertThat(mailbox.to(unknown)).isEmpty();
        }

        @Test
        void a_new_reset_spends_the_reset_links_mailed_before_it() {
            // given two reset links of one account, a minute apart
            String email = confirmed("two-links");
            UserId account = accountOf(email);
            String older = inTransaction(() -> links.issue(account, Purpose.RESET_PASSWORD,
                    Instant.now().minusSeconds(120), Duration.ofHours(1)));
            String newer = inTransaction(() -> links.issue(account, Purpose.RESET_PASSWORD, Instant.now(),
                    Duration.ofHours(1)));

            // when the newer one is used
            assertThat(api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", newer, "newPassword", NEW_PASSWORD)).status()).isEqualTo(204);

            // then the older one no longer works
            assertProblem(api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", older, "newPassword", "a third good passphrase")), 400);
            assertThat(api.signIn(email, NEW_PASSWORD).status()).isEqualTo(200);
        }
    }

    @Nested
    class Limits {

        @Test
        void one_address_may_send_only_so_many_account_requests_in_ten_minutes() {
            // given the configured limit, used up by asking for reset links from one address
            int limit = Integer.parseInt(environment.getRequiredProperty("consilium.limits.account-requests"));
            for (int i = 0; i < limit; i++) {
                assertThat(api.post(null, "/api/v1/auth/password-reset", Map.of("email", fresh("flood")))
                        .status()).isEqualTo(202);
            }

            // when the next request comes, to another of the counted endpoints, and a page asks too
            Response refused = api.post(null, "/api/v1/auth/register", Map.of("email", fresh("late"),
                    "displayName", "Late Comer", "password", PASSWORD, "acceptPrivacyNoticeAndTerms", true));

            Response encoded = api.post(null, "/api/v1/auth/%72egister", Map.of("email", fresh("encoded"),
                    "displayName", "Late Comer", "password", PASSWORD, "acceptPrivacyNoticeAndTerms", true));

            // then it is refused with the time to wait, however its path is spelled, and another address is not
            assertProblem(refused, 429);
            assertProblem(encoded, 429);
            assertThat(refused.header("Retry-After")).hasValue("600");
            assertThat(ApiClient.behindProxy(port, ApiClient.randomAddress()).post(null,
                    "/api/v1/auth/password-reset", Map.of("email", fresh("other"))).status()).isEqualTo(202);
        }

        @Test
        void an_account_is_mailed_at_most_one_link_a_minute_and_three_an_hour() {
            // given two accounts without links, one mailed links 30 and 20 minutes ago, the other also 10
            String twice = fresh("twice");
            String thrice = fresh("thrice");
            for (String email : List.of(twice, thrice)) {
                identity.registerVerified(Registration.patient(email, "Capped Person", PASSWORD, true));
            }
            for (int minutesAgo : new int[] {30, 20}) {
                issuedAgo(accountOf(twice), minutesAgo);
                issuedAgo(accountOf(thrice), minutesAgo);
            }
            issuedAgo(accountOf(thrice), 10);

            // when each asks for a reset twice in a row
            for (String email : List.of(twice, thrice, twice, thrice)) {
                assertThat(api.post(null, "/api/v1/auth/password-reset", Map.of("email", email)).status())
                        .isEqualTo(202);
            }

            // then the first is mailed once (the second ask came within the minute), the other not at all
            assertThat(mailbox.to(twice)).hasSize(1);
            assertThat(mailbox.to(thrice)).isEmpty();
        }

        private void issuedAgo(UserId account, int minutes) {
            inTransaction(() -> links.issue(account, Purpose.RESET_PASSWORD,
                    Instant.now().minus(Duration.ofMinutes(minutes)), Duration.ofHours(2)));
        }
    }

    @Nested
    class Change {

        @Test
        void changing_the_password_keeps_the_token_used_and_revokes_the_others() {
            // given two tokens of one account
            String email = confirmed("change");
            String kept = api.signIn(email, PASSWORD).json().get("access_token").asString();
            String other = api.signIn(email, PASSWORD).json().get("access_token").asString();

            // when the password is changed with one of them
            Response changed = api.post(kept, "/api/v1/auth/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

            // then
            assertThat(changed.status()).as("%s", changed).isEqualTo(204);
            assertThat(api.get(kept, "/api/v1/cases").status()).isEqualTo(200);
            assertThat(api.get(other, "/api/v1/cases").status()).isEqualTo(401);
            assertThat(api.signIn(email, NEW_PASSWORD).status()).isEqualTo(200);
            assertThat(mailbox.newestTo(email).subject()).isEqualTo("Your Consilium password was changed");
        }

        @Test
        void a_wrong_current_password_or_a_weak_or_unchanged_new_one_changes_nothing_and_is_audited() {
            // given
            String email = confirmed("refused-change");
            String token = api.signIn(email, PASSWORD).json().get("access_token").asString();

            // when
            Response wrong = api.post(token, "/api/v1/auth/password",
                    Map.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD));
            Response weak = api.post(token, "/api/v1/auth/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", "qwertyuiop12"));
            Response same = api.post(token, "/api/v1/auth/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD));
            Response missing = api.post(token, "/api/v1/auth/password", Map.of());

            // then
            assertProblem(wrong, 400);
            assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("currentPassword");
            assertProblem(weak, 400);
            assertThat(weak.json().get("errors").get(0).get("field").asString()).isEqualTo("newPassword");
            assertProblem(same, 400);
            assertThat(same.json().get("errors").get(0).get("message").asString()).contains("differ");
            assertProblem(missing, 400);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);
            assertThat(jdbc.sql("select rule from audit_entries where actor_id = ? and action = "
                    + "'PasswordChangeRefused'").param(accountOf(email).value()).query(String.class).list())
                    .containsExactly("wrong-current-password");
        }

        @Test
        void a_browser_session_ends_at_its_next_request_once_the_password_changed_elsewhere() {
            // given a browser signed in, and the page it sees
            String email = confirmed("browser");
            BrowserForms browser = new BrowserForms(port);
            browser.signIn(email, PASSWORD);
            assertThat(browser.get("/cases").statusCode()).isEqualTo(200);

            // when the password is changed through the API
            String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
            api.post(token, "/api/v1/auth/password", Map.of("currentPassword", PASSWORD, "newPassword",
                    NEW_PASSWORD));

            // then the browser's next page sends it to sign in, saying why
            HttpResponse<String> next = browser.get("/cases");
            assertThat(next.statusCode()).isEqualTo(302);
            assertThat(next.headers().firstValue("Location").orElseThrow()).endsWith("/login?ended");
            assertThat(browser.get("/cases").headers().firstValue("Location").orElseThrow())
                    .as("the session is gone, not just refused once").contains("/login");
        }

        @Test
        void the_browser_that_changes_the_password_stays_signed_in() {
            // given
            String email = confirmed("stays");
            BrowserForms browser = new BrowserForms(port);
            browser.signIn(email, PASSWORD);

            // when
            HttpResponse<String> changed = browser.post("/account", "/account/password",
                    Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

            // then
            assertThat(changed.statusCode()).isEqualTo(302);
            assertThat(changed.headers().firstValue("Location").orElseThrow()).endsWith("/account");
            HttpResponse<String> page = browser.get("/account");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Your password is changed").contains(email);
        }
    }

    private Response register(String email, String password) {
        return api.post(null, "/api/v1/auth/register", Map.of("email", email, "displayName", "Robin Test",
                "password", password, "acceptPrivacyNoticeAndTerms", true));
    }

    /** A registered account whose address is confirmed by its mailed link. */
    private String confirmed(String name) {
        String email = fresh(name);
        register(email, PASSWORD);
        mailbox.confirm(api, email, PASSWORD);
        return email;
    }

    private static String fresh(String name) {
        return name + "-" + System.nanoTime() + "@example.org";
    }

    private UserId accountOf(String email) {
        return identity.findByEmail(email).orElseThrow().actor().id();
    }

    private List<String> actions(UserId account) {
        return jdbc.sql("select action from audit_entries where actor_id = ? order by id").param(account.value())
                .query(String.class).list();
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return new org.springframework.transaction.support.TransactionTemplate(transactionManager)
                .execute(status -> work.get());
    }
}
