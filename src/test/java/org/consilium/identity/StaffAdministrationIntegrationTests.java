package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.BrowserForms;
import org.consilium.IntegrationTest;
import org.consilium.Mailbox;
import org.consilium.mail.OutgoingMail.Received;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Staff accounts kept by administrators: invitations, roles, suspension, and the first administrator. */
@IntegrationTest
class StaffAdministrationIntegrationTests {

    private static final String ADMIN = "admin@example.org";
    private static final String PASSWORD = "amber canyon whistle";

    @LocalServerPort
    int port;

    @Autowired
    Mailbox mailbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OperatorAccess operator;

    ApiClient api;
    String admin;

    @BeforeEach
    void client() {
        api = ApiClient.behindProxy(port, ApiClient.randomAddress());
        admin = new ApiClient(port).token(ADMIN);
    }

    @Nested
    class Invitations {

        @Test
        void an_invited_coordinator_chooses_a_password_by_the_mailed_link_and_signs_in_as_a_coordinator() {
            // given
            String email = fresh("coordinator");

            // when an administrator invites them
            Response invited = invite(email, "Cora Ordinator", "COORDINATOR");

            // then the invitation is mailed, and until it is accepted the account is listed as invited and cannot
            // sign in
            assertThat(invited.status()).isEqualTo(202);
            Received mail = mailbox.newestTo(email);
            assertThat(mail.subject()).isEqualTo("You are invited to Consilium");
            assertThat(mail.text()).contains("Site Administrator invited you").contains("as a coordinator")
                    .contains("/account/reset/").contains("3 days");
            assertThat(invitation(email).get("role").asString()).isEqualTo("COORDINATOR");
            assertThat(invitation(email).get("expired").asBoolean()).isFalse();
            assertThat(accountListed(email)).isFalse();
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(401);

            // when they choose a password by the link
            Response chosen = api.post(null, "/api/v1/auth/password-reset/confirm",
                    Map.of("token", mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));

            // then they sign in as a coordinator, and it is all on the trail under the right names
            assertThat(chosen.status()).as("%s", chosen).isEqualTo(204);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);
            assertThat(account(email).get("role").asString()).isEqualTo("COORDINATOR");
            assertThat(account(email).get("state").asString()).isEqualTo("ACTIVE");
            assertThat(invitationListed(email)).as("the invitation is accepted").isFalse();
            assertThat(actionsAbout(email)).contains("AccountInvited");
            assertThat(actions(email)).contains("PasswordSet");
            assertThat(mailbox.to(email)).extracting(Received::subject)
                    .doesNotContain("Your Consilium password was changed");
        }

        @Test
        void an_invitation_to_an_address_with_an_account_answers_the_same_changes_nothing_and_tells_the_holder() {
            // given a patient's address
            String email = fresh("patient");
            new ApiClient(port).post(null, "/api/v1/auth/register", Map.of("email", email, "displayName",
                    "Pat Patient", "password", PASSWORD, "acceptPrivacyNoticeAndTerms", true));

            // when an administrator invites it as a coordinator, and a new address too
            Response taken = invite(email, "Pat Patient", "COORDINATOR");
            Response fresh = invite(fresh("new"), "New Person", "COORDINATOR");

            // then the answers are alike, both wait alike in the list, the patient stays a patient, and only the
            // holder learns of it
            assertThat(taken.status()).isEqualTo(fresh.status());
            assertThat(taken.json().properties().stream().map(java.util.Map.Entry::getKey).toList())
                    .isEqualTo(fresh.json().properties().stream().map(java.util.Map.Entry::getKey).toList());
            assertThat(taken.json().get("status")).isEqualTo(fresh.json().get("status"));
            assertThat(invitation(email).get("expired").asBoolean()).isFalse();
            assertThat(accountListed(email)).isFalse();
            assertThat(jdbc.sql("select role from identity_accounts where email = ?").param(email)
                    .query(String.class).single()).isEqualTo("PATIENT");
            assertThat(mailbox.newestTo(email).subject()).as("the same subject as any invitation")
                    .isEqualTo("You are invited to Consilium");
            assertThat(mailbox.newestTo(email).text()).contains("it has an account already, so nothing changed");
            assertThat(jdbc.sql("""
                    select count(*) from audit_entries where action = 'InvitationToTakenAddress'
                    and detail like ?""").param("%" + accountId(email) + "%").query(Long.class).single())
                    .isEqualTo(1);
        }

        @Test
        void an_invitation_not_yet_accepted_is_sent_again_with_the_name_and_role_given_now() {
            // given
            String email = fresh("again");
            invite(email, "First Name", "COORDINATOR");

            // when
            invite(email, "Second Name", "SPECIALIST");

            // then one invitation waits, with the new name and role, and both links work until used
            assertThat(mailbox.to(email)).hasSize(2);
            JsonNode waiting = invitation(email);
            assertThat(waiting.get("displayName").asString()).isEqualTo("Second Name");
            assertThat(waiting.get("role").asString()).isEqualTo("SPECIALIST");
            assertThat(invitations().stream().filter(i -> i.get("email").asString().equals(email))).hasSize(1);

            // and when it is sent again from the list, and accepted
            Response again = api.post(admin, "/api/v1/admin/invitations/" + waiting.get("id").asString()
                    + "/renewal", null);
            Response gone = api.post(admin, "/api/v1/admin/invitations/" + waiting.get("id").asString()
                    + "/renewal", null);
            assertThat(again.status()).isEqualTo(202);
            assertProblem(gone, 404);
            assertThat(api.post(null, "/api/v1/auth/password-reset/confirm", Map.of("token",
                    mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD)).status()).isEqualTo(204);
            assertThat(account(email).get("role").asString()).isEqualTo("SPECIALIST");
            assertThat(invitationListed(email)).isFalse();
        }

        @Test
        void bad_invitations_are_refused_field_by_field_and_only_administrators_invite() {
            // when
            Response empty = api.post(admin, "/api/v1/admin/invitations", Map.of());
            Response patient = invite(fresh("p"), "Pat", "PATIENT");
            Response badEmail = invite("not-an-address", "Someone", "ADMIN");
            Response notAdmin = api.post(new ApiClient(port).token("coordinator@example.org"),
                    "/api/v1/admin/invitations", Map.of("email", fresh("x"), "displayName", "X", "role", "ADMIN"));

            // then
            assertProblem(empty, 400);
            assertThat(fields(empty)).containsExactlyInAnyOrder("email", "displayName", "role");
            assertProblem(patient, 400);
            assertThat(fields(patient)).containsExactly("role");
            assertProblem(badEmail, 400);
            assertThat(fields(badEmail)).containsExactly("email");
            assertProblem(notAdmin, 403);
        }
    }

    @Nested
    class Suspension {

        @Test
        void a_suspension_ends_tokens_and_sessions_at_once_and_a_reactivation_lets_the_holder_back_in() {
            // given a coordinator signed in over the API and in a browser
            String email = activeStaff("suspended", "COORDINATOR");
            String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
            BrowserForms browser = new BrowserForms(port);
            browser.signIn(email, PASSWORD);
            assertThat(browser.get("/cases").statusCode()).isEqualTo(200);
            String id = accountId(email);

            // when an administrator suspends them, with a reason
            Response suspended = api.post(admin, "/api/v1/admin/accounts/" + id + "/suspension",
                    Map.of("reason", "Left the clinic"));

            // then their token and their session end at once, and they cannot sign in again
            assertThat(suspended.status()).as("%s", suspended).isEqualTo(204);
            assertThat(api.get(token, "/api/v1/cases").status()).isEqualTo(401);
            HttpResponse<String> page = browser.get("/cases");
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login?ended");
            Response refused = api.signIn(email, PASSWORD);
            assertProblem(refused, 401);
            assertThat(refused.json().get("detail")).isEqualTo(api.signIn(fresh("nobody"), PASSWORD).json()
                    .get("detail"));
            JsonNode account = account(email);
            assertThat(account.get("state").asString()).isEqualTo("SUSPENDED");
            assertThat(account.get("suspensionReason").asString()).isEqualTo("Left the clinic");

            // when they are reactivated
            Response reactivated = api.post(admin, "/api/v1/admin/accounts/" + id + "/reactivation", null);

            // then they sign in again with their password, and both changes are on the trail
            assertThat(reactivated.status()).isEqualTo(204);
            assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);
            assertThat(jdbc.sql("""
                    select action, detail from audit_entries
                    where action in ('AccountSuspended', 'AccountReactivated') and detail like ? order by id""")
                    .param("%" + id + "%").query((rs, n) -> rs.getString(1) + ": " + rs.getString(2)).list())
                    .containsExactly("AccountSuspended: account " + id + ": Left the clinic",
                            "AccountReactivated: account " + id);
        }

        @Test
        void a_suspension_needs_a_reason_and_spares_the_caller_and_the_last_administrator() {
            // given
            String id = accountId(activeStaff("reasonless", "COORDINATOR"));
            String adminId = accountId(ADMIN);

            // when
            Response noReason = api.post(admin, "/api/v1/admin/accounts/" + id + "/suspension", Map.of());
            Response self = api.post(admin, "/api/v1/admin/accounts/" + adminId + "/suspension",
                    Map.of("reason", "testing"));
            Response unknown = api.post(admin, "/api/v1/admin/accounts/" + java.util.UUID.randomUUID()
                    + "/suspension", Map.of("reason", "testing"));
            Response notSuspended = api.post(admin, "/api/v1/admin/accounts/" + id + "/reactivation", null);

            // and the local operator tries to suspend the only administrator who can act (administrators other
            // tests made are suspended first)
            ApiClient local = new ApiClient(port);
            jdbc.sql("select id from identity_accounts where role = 'ADMIN' and email <> ? and suspended_at is null")
                    .param(ADMIN).query(java.util.UUID.class).list().forEach(other -> local.post(operator.token(),
                            "/api/v1/admin/accounts/" + other + "/suspension", Map.of("reason", "not the last")));
            Response lastAdmin;
            try {
                lastAdmin = local.post(operator.token(), "/api/v1/admin/accounts/" + adminId + "/suspension",
                        Map.of("reason", "testing"));
            } finally {
                // Every other test signs in as the demo administrator: never leave it suspended.
                local.post(operator.token(), "/api/v1/admin/accounts/" + adminId + "/reactivation", null);
            }

            // then
            assertProblem(noReason, 400);
            assertThat(fields(noReason)).containsExactly("reason");
            assertProblem(self, 409);
            assertProblem(unknown, 404);
            assertProblem(notSuspended, 409);
            assertProblem(lastAdmin, 409);
            assertThat(lastAdmin.json().get("detail").asString()).contains("last administrator");
            assertThat(account(ADMIN).get("state").asString()).isEqualTo("ACTIVE");
            assertThat(jdbc.sql("select rule from audit_entries where action = 'AccountSuspended' and "
                    + "outcome = 'FAILED' and actor_id = ?").param(OperatorAccess.OPERATOR_ID.value())
                    .query(String.class).list()).anySatisfy(rule -> assertThat(rule).contains("last administrator"));
        }
    }

    @Nested
    class Roles {

        @Test
        void a_new_role_counts_from_the_holder_s_next_request() {
            // given a coordinator with a live token, who may not use the administrative API
            String email = activeStaff("promoted", "COORDINATOR");
            String token = api.signIn(email, PASSWORD).json().get("access_token").asString();
            assertThat(api.get(token, "/api/v1/admin/accounts").status()).isEqualTo(403);

            // when an administrator makes them an administrator
            Response changed = api.put(admin, "/api/v1/admin/accounts/" + accountId(email) + "/role",
                    Map.of("role", "ADMIN"), null);

            // then the same token may
            assertThat(changed.status()).as("%s", changed).isEqualTo(204);
            assertThat(api.get(token, "/api/v1/admin/accounts").status()).isEqualTo(200);
            assertThat(actionsAbout(email)).contains("RoleChanged");
        }

        @Test
        void a_patient_s_role_and_one_s_own_do_not_change() {
            // when
            Response patient = api.put(admin, "/api/v1/admin/accounts/" + accountId("patient@example.org")
                    + "/role", Map.of("role", "COORDINATOR"), null);
            Response self = api.put(admin, "/api/v1/admin/accounts/" + accountId(ADMIN) + "/role",
                    Map.of("role", "COORDINATOR"), null);
            Response notStaff = api.put(admin, "/api/v1/admin/accounts/" + accountId("coordinator@example.org")
                    + "/role", Map.of("role", "PATIENT"), null);

            // then
            assertProblem(patient, 409);
            assertProblem(self, 409);
            assertProblem(notStaff, 400);
            assertThat(account("coordinator@example.org").get("role").asString()).isEqualTo("COORDINATOR");
        }
    }

    @Test
    void the_first_administrator_is_refused_once_an_administrator_exists() {
        // when the local operator asks for a first administrator on an installation that has one
        Response refused = new ApiClient(port).post(operator.token(), "/api/v1/admin/first-administrator",
                Map.of("email", fresh("second-first"), "displayName", "Too Late"));

        // then
        assertProblem(refused, 409);
        assertThat(refused.json().get("detail").asString()).contains("invite more");
    }

    @Test
    void the_accounts_page_invites_and_suspends_in_the_browser() {
        // given the administrator's page
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(ADMIN, ApiClient.DEMO_PASSWORD);
        String email = fresh("paged");

        // when they invite someone and send the invitation again, then suspend a coordinator without a reason and
        // with one
        HttpResponse<String> invited = browser.post("/admin/accounts", "/admin/invitations",
                Map.of("email", email, "displayName", "Page Invitee", "role", "MEDICAL_DIRECTOR"));
        HttpResponse<String> resent = browser.post("/admin/accounts", "/admin/invitations/"
                + invitation(email).get("id").asString() + "/renewal", Map.of());
        String id = accountId(activeStaff("paged-coordinator", "COORDINATOR"));
        HttpResponse<String> withoutReason = browser.post("/admin/accounts", "/admin/accounts/" + id + "/suspension",
                Map.of());
        HttpResponse<String> withReason = browser.post("/admin/accounts", "/admin/accounts/" + id + "/suspension",
                Map.of("reason", "Invited by mistake"));

        // then each says what happened on the list
        assertThat(invited.statusCode()).isEqualTo(302);
        assertThat(resent.statusCode()).isEqualTo(302);
        assertThat(mailbox.to(email)).hasSize(2);
        assertThat(withoutReason.statusCode()).isEqualTo(302);
        assertThat(withReason.statusCode()).isEqualTo(302);
        String page = browser.get("/admin/accounts").body();
        assertThat(page).contains("Page Invitee").contains("Medical director").contains("Suspended")
                .contains("Invited by mistake");
        assertThat(jdbc.sql("select suspension_reason from identity_accounts where id = ?")
                .param(java.util.UUID.fromString(id)).query(String.class).single()).isEqualTo("Invited by mistake");
    }

    private Response invite(String email, String name, String role) {
        return api.post(admin, "/api/v1/admin/invitations", Map.of("email", email, "displayName", name, "role", role));
    }

    /** An invited staff member who accepted: their password is {@link #PASSWORD}. */
    private String activeStaff(String name, String role) {
        String email = fresh(name);
        invite(email, "Staff " + name, role);
        Response chosen = api.post(null, "/api/v1/auth/password-reset/confirm",
                Map.of("token", mailbox.secretOf(email, "/account/reset/"), "newPassword", PASSWORD));
        assertThat(chosen.status()).isEqualTo(204);
        return email;
    }

    private JsonNode account(String email) {
        return api.get(admin, "/api/v1/admin/accounts").json().get("items").values().stream()
                .filter(a -> a.get("email").asString().equals(email)).findFirst().orElseThrow();
    }

    private boolean accountListed(String email) {
        return api.get(admin, "/api/v1/admin/accounts").json().get("items").values().stream()
                .anyMatch(a -> a.get("email").asString().equals(email));
    }

    private List<JsonNode> invitations() {
        return api.get(admin, "/api/v1/admin/accounts").json().get("invitations").values().stream().toList();
    }

    private JsonNode invitation(String email) {
        return invitations().stream().filter(i -> i.get("email").asString().equals(email)).findFirst()
                .orElseThrow();
    }

    private boolean invitationListed(String email) {
        return invitations().stream().anyMatch(i -> i.get("email").asString().equals(email));
    }

    private String accountId(String email) {
        return jdbc.sql("select id from identity_accounts where email = ?").param(email)
                .query(java.util.UUID.class).single().toString();
    }

    private List<String> actions(String email) {
        return jdbc.sql("select action from audit_entries where actor_id = ? order by id")
                .param(java.util.UUID.fromString(accountId(email))).query(String.class).list();
    }

    private List<String> actionsAbout(String email) {
        return jdbc.sql("select action from audit_entries where detail like ? order by id")
                .param("account " + accountId(email) + "%").query(String.class).list();
    }

    private static List<String> fields(Response response) {
        return response.json().path("errors").values().stream().map(e -> e.get("field").asString()).toList();
    }

    private static String fresh(String name) {
        return name + "-" + System.nanoTime() + "@example.org";
    }
}
