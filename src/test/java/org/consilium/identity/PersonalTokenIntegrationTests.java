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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Personal access tokens: made, listed and revoked by their owner; a read-only one changes nothing. */
@IntegrationTest
class PersonalTokenIntegrationTests {

    private static final String PASSWORD = "marble heron quietly";

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

    @Test
    void a_read_only_token_reads_and_changes_nothing_and_a_write_token_does_both_until_revoked() {
        // given an account with a read-only and a read-write token
        String email = account("pat");
        String session = api.signIn(email, PASSWORD).json().get("access_token").asString();
        Response readOnly = make(session, "Dashboard", "READ", 30);
        Response readWrite = make(session, "Uploader", "WRITE", 7);
        String reader = readOnly.json().get("token").asString();
        String writer = readWrite.json().get("token").asString();

        // when each reads and tries to open a case
        Response readByReader = api.get(reader, "/api/v1/cases");
        Response openedByReader = api.post(reader, "/api/v1/cases", newCase());
        Response openedByWriter = api.post(writer, "/api/v1/cases", newCase());

        // then
        assertThat(readOnly.status()).as("%s", readOnly).isEqualTo(201);
        assertThat(reader).startsWith("cpat_");
        assertThat(readByReader.status()).isEqualTo(200);
        assertProblem(openedByReader, 403);
        assertThat(openedByReader.json().get("type").asString()).endsWith(":read-only-token");
        assertThat(openedByWriter.status()).as("%s", openedByWriter).isEqualTo(201);

        // and the list shows both, never the tokens, and when they were used
        List<JsonNode> listed = api.get(session, "/api/v1/auth/personal-tokens").json().values().stream().toList();
        assertThat(listed).extracting(t -> t.get("name").asString()).containsExactly("Uploader", "Dashboard");
        assertThat(listed.getLast().get("lastUsedAt").isNull()).isFalse();
        assertThat(listed.toString()).doesNotContain(reader).doesNotContain(writer);
        assertThat(jdbc.sql("select count(*) from identity_personal_tokens where token_hash = ?")
                .param(org.consilium.shared.Sha256.digest(reader.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .query(Long.class).single()).as("only the hash is kept").isEqualTo(1);

        // when the writer is revoked
        Response revoked = api.post(session, "/api/v1/auth/personal-tokens/" + readWrite.json().get("id").asString()
                + "/revocation", null);

        // then it no longer works, and the reader still does
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get(writer, "/api/v1/cases").status()).isEqualTo(401);
        assertThat(api.get(reader, "/api/v1/cases").status()).isEqualTo(200);
    }

    @Test
    void bad_requests_and_other_people_s_tokens_are_refused_and_a_new_password_ends_every_token() {
        // given
        String email = account("bad");
        String session = api.signIn(email, PASSWORD).json().get("access_token").asString();
        String token = make(session, "Nightly export", "READ", 365).json().get("token").asString();
        String id = api.get(session, "/api/v1/auth/personal-tokens").json().get(0).get("id").asString();
        String stranger = api.signIn(account("stranger"), PASSWORD).json().get("access_token").asString();

        // when
        Response bad = api.post(session, "/api/v1/auth/personal-tokens", Map.of("name", " ", "scope", "ADMIN",
                "expiresInDays", 366));
        Response notTheirs = api.post(stranger, "/api/v1/auth/personal-tokens/" + id + "/revocation", null);
        Response changed = api.post(session, "/api/v1/auth/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "lantern fjord pepper"));

        // then
        assertProblem(bad, 400);
        assertThat(bad.json().path("errors").values().stream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("name", "scope", "expiresInDays");
        assertProblem(notTheirs, 404);
        assertThat(changed.status()).isEqualTo(204);
        assertThat(api.get(token, "/api/v1/cases").status()).as("a new password ends it").isEqualTo(401);
    }

    @Test
    void a_token_never_acts_on_the_account_itself_and_a_suspension_revokes_it_for_good() {
        // given a read-write token
        String email = account("bounded");
        String session = api.signIn(email, PASSWORD).json().get("access_token").asString();
        String token = make(session, "Sync", "WRITE", 30).json().get("token").asString();

        // when it tries to change the password, or to make another token
        Response password = api.post(token, "/api/v1/auth/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "lantern fjord pepper"));
        Response minted = make(token, "Another", "WRITE", 30);

        // then both are refused
        assertProblem(password, 403);
        assertProblem(minted, 403);
        assertThat(api.signIn(email, PASSWORD).status()).isEqualTo(200);

        // and when an administrator suspends the account and reactivates it, the token stays revoked
        String admin = new ApiClient(port).token("admin@example.org");
        String id = identity.findByEmail(email).orElseThrow().actor().id().toString();
        api.post(admin, "/api/v1/admin/accounts/" + id + "/suspension", Map.of("reason", "Lost laptop"));
        api.post(admin, "/api/v1/admin/accounts/" + id + "/reactivation", null);
        assertThat(api.get(token, "/api/v1/cases").status()).isEqualTo(401);
    }

    @Test
    void the_account_page_makes_a_token_and_shows_it_once() {
        // given
        String email = account("page");
        BrowserForms browser = new BrowserForms(port);
        browser.signIn(email, PASSWORD);

        // when
        HttpResponse<String> made = browser.post("/account", "/account/personal-tokens", Map.of("name",
                "Spreadsheet", "tokenScope", "READ", "expiresInDays", "30"));
        HttpResponse<String> again = browser.get("/account");

        // then
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.body()).contains("id=\"created-token\"").containsPattern("cpat_[A-Za-z0-9_-]{43}");
        assertThat(again.body()).contains("Spreadsheet").doesNotContainPattern("cpat_[A-Za-z0-9_-]{43}");
    }

    private Response make(String token, String name, String scope, int days) {
        return api.post(token, "/api/v1/auth/personal-tokens", Map.of("name", name, "scope", scope, "expiresInDays",
                days));
    }

    private static Map<String, Object> newCase() {
        return Map.of("diagnosis", "Token test", "specialty", "CARDIOLOGY", "questions",
                List.of(Map.of("kind", "OTHER", "text", "Is this right?")));
    }

    private String account(String name) {
        String email = name + "-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Pat Token", PASSWORD, true));
        return email;
    }
}
