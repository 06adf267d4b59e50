package org.consilium.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.consilium.ApiClient.assertProblem;

import java.util.Map;
import org.consilium.ApiClient;
import org.consilium.ApiClient.Response;
import org.consilium.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Refresh tokens rotate on use; a reused one revokes its whole family; signing out ends the family. */
@IntegrationTest
class RefreshTokenIntegrationTests {

    private static final String PASSWORD = "cobalt orchard drum";

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
    void a_refresh_token_gives_a_new_pair_once_and_a_second_use_revokes_the_whole_family() {
        // given a sign-in
        String email = account("rotate");
        Response signedIn = signIn(email);
        String firstRefresh = signedIn.json().get("refresh_token").asString();

        // when its refresh token is used, then used again (a copy in someone else's hands)
        Response renewed = refresh(firstRefresh);
        String secondAccess = renewed.json().get("access_token").asString();
        String secondRefresh = renewed.json().get("refresh_token").asString();
        assertThat(api.get(secondAccess, "/api/v1/cases").status()).isEqualTo(200);
        Response reused = refresh(firstRefresh);

        // then the reuse is refused and every token of the family ends, the legitimate holder's too
        assertThat(renewed.status()).as("%s", renewed).isEqualTo(200);
        assertThat(renewed.header("Cache-Control")).hasValue("no-store");
        assertThat(secondRefresh).isNotEqualTo(firstRefresh);
        assertProblem(reused, 400);
        assertThat(reused.json().get("type").asString()).endsWith(":invalid-grant");
        assertThat(api.get(secondAccess, "/api/v1/cases").status()).isEqualTo(401);
        assertProblem(refresh(secondRefresh), 400);
        assertThat(api.get(signedIn.json().get("access_token").asString(), "/api/v1/cases").status())
                .isEqualTo(401);
        assertThat(jdbc.sql("select rule from audit_entries where actor_id = ? and action = 'RefreshRefused' "
                + "order by id").param(accountId(email)).query(String.class).list())
                .startsWith("reused", "revoked");

        // and another sign-in of the same account is untouched
        Response other = signIn(email);
        assertThat(refresh(other.json().get("refresh_token").asString()).status()).isEqualTo(200);
    }

    @Test
    void signing_out_ends_the_refresh_token_and_bad_ones_are_refused_alike() {
        // given
        Response signedIn = signIn(account("logout"));
        String access = signedIn.json().get("access_token").asString();
        String refresh = signedIn.json().get("refresh_token").asString();

        // when
        Response out = api.post(access, "/api/v1/auth/logout", null);
        Response afterLogout = refresh(refresh);
        Response madeUp = refresh("x".repeat(43));
        Response missing = api.post(null, "/api/v1/auth/refresh", Map.of());

        // then
        assertThat(out.status()).isEqualTo(204);
        assertProblem(afterLogout, 400);
        assertProblem(madeUp, 400);
        assertThat(afterLogout.json().get("detail")).isEqualTo(madeUp.json().get("detail"));
        assertProblem(missing, 400);
    }

    @Test
    void a_password_change_keeps_the_caller_s_refresh_token_and_ends_the_others() {
        // given two sign-ins
        String email = account("change");
        Response kept = signIn(email);
        Response other = signIn(email);

        // when the password is changed with the first
        Response changed = api.post(kept.json().get("access_token").asString(), "/api/v1/auth/password",
                Map.of("currentPassword", PASSWORD, "newPassword", "violet quarry lantern"));

        // then
        assertThat(changed.status()).isEqualTo(204);
        assertThat(refresh(kept.json().get("refresh_token").asString()).status()).isEqualTo(200);
        assertProblem(refresh(other.json().get("refresh_token").asString()), 400);
    }

    private String account(String name) {
        String email = name + "-" + System.nanoTime() + "@example.org";
        identity.registerVerified(Registration.patient(email, "Rey Fresh", PASSWORD, true));
        return email;
    }

    private Response signIn(String email) {
        Response signedIn = api.signIn(email, PASSWORD);
        assertThat(signedIn.status()).isEqualTo(200);
        return signedIn;
    }

    private Response refresh(String token) {
        return api.post(null, "/api/v1/auth/refresh", Map.of("refresh_token", token));
    }

    private java.util.UUID accountId(String email) {
        return identity.findByEmail(email).orElseThrow().actor().id().value();
    }
}
