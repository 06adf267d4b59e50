package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts table. */
@Repository
public class AccountStore {

    private final JdbcClient jdbc;

    AccountStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record AccountRow(UserId id, String email, String displayName, Role role, String passwordHash) {
    }

    /** Inserts the account; answers false, changing nothing, when the email is taken. */
    public boolean insertIfAbsent(UserId id, String email, String displayName, Role role, String passwordHash,
            String privacyNoticeVersion, String termsVersion, Instant now) {
        return jdbc.sql("""
                insert into identity_accounts
                    (id, email, display_name, role, password_hash, privacy_notice_version, terms_version, accepted_at,
                     created_at)
                values (:id, :email, :name, :role, :hash, :privacy, :terms, :now, :now)
                on conflict (email) do nothing
                """)
                .param("id", id.value())
                .param("email", email)
                .param("name", displayName)
                .param("role", role.name())
                .param("hash", passwordHash)
                .param("privacy", privacyNoticeVersion)
                .param("terms", termsVersion)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    public Optional<AccountRow> findByEmail(String email) {
        if (org.consilium.shared.Check.hasControlCharacters(email)
                || org.consilium.shared.Check.hasUnpairedSurrogates(email)) {
            return Optional.empty();
        }
        return jdbc.sql("select id, email, display_name, role, password_hash from identity_accounts where email = ?")
                .param(email)
                .query(AccountStore::row)
                .optional();
    }

    public Optional<AccountRow> findById(UserId id) {
        return jdbc.sql("select id, email, display_name, role, password_hash from identity_accounts where id = ?")
                .param(id.value())
                .query(AccountStore::row)
                .optional();
    }

    /** The account behind a live access token, in one query: every API request asks this. */
    public Optional<AccountRow> findByLiveToken(byte[] tokenHash, Instant now) {
        return jdbc.sql("""
                select a.id, a.email, a.display_name, a.role, a.password_hash
                from identity_access_tokens t join identity_accounts a on a.id = t.account_id
                where t.token_hash = ? and t.revoked_at is null and t.expires_at > ?
                """)
                .params(tokenHash, Timestamp.from(now))
                .query(AccountStore::row)
                .optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from identity_accounts").query(Long.class).single();
    }

    private static AccountRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new AccountRow(new UserId(rs.getObject("id", java.util.UUID.class)), rs.getString("email"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash"));
    }
}
