package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The links from an identity provider's people (issuer and subject) to accounts: single sign-on. */
@Repository
public class SsoLinkStore {

    private final JdbcClient jdbc;

    SsoLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UserId> account(String issuer, String subject) {
        return jdbc.sql("select account_id from identity_sso_links where issuer = ? and subject = ?")
                .params(issuer, subject)
                .query((rs, n) -> new UserId(rs.getObject(1, java.util.UUID.class)))
                .optional();
    }

    /** Links the subject to the account; answers false, changing nothing, when the subject is linked already. */
    /** Whether the account is linked to a person of this provider already. */
    public boolean linked(UserId account, String issuer) {
        return jdbc.sql("select exists (select 1 from identity_sso_links where account_id = ? and issuer = ?)")
                .params(account.value(), issuer)
                .query(Boolean.class).single();
    }

    public boolean link(UserId account, String issuer, String subject, Instant now) {
        return jdbc.sql("""
                insert into identity_sso_links (account_id, issuer, subject, linked_at) values (?, ?, ?, ?)
                on conflict (issuer, subject) do nothing
                """)
                .params(account.value(), issuer, subject, Timestamp.from(now))
                .update() == 1;
    }
}
