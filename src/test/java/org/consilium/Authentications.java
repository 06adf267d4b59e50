package org.consilium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.consilium.identity.AuthenticationContext;
import org.consilium.shared.Sha256;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes a sign-in old, as time would, for tests of what a guarded action asks of an old one: an API token whose
 * authentication is minutes old, a browser session whose proof is gone.
 */
@TestComponent
public class Authentications {

    private final JdbcClient jdbc;

    Authentications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The access token's holder last proved who they are this many minutes ago. */
    public void authenticatedMinutesAgo(String accessToken, int minutes) {
        int aged = jdbc.sql("update identity_access_tokens set authenticated_at = now() - make_interval(mins => ?) "
                + "where token_hash = ?").params(minutes, Sha256.digest(accessToken.getBytes(StandardCharsets.UTF_8)))
                .update();
        assertThat(aged).as("the token's row").isOne();
    }

    /**
     * The browser sessions of the account keep no proof of who signed in, as a session from before proofs were kept:
     * every guarded action asks to confirm first.
     */
    public void forgetBrowserProof(String email) {
        int forgotten = jdbc.sql("""
                delete from platform_session_attributes where attribute_name = ? and session_primary_id in
                    (select primary_id from platform_session where principal_name = ?)
                """).params(AuthenticationContext.SESSION_ATTRIBUTE, email).update();
        assertThat(forgotten).as("the session's proof").isPositive();
    }
}
