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

    /**
     * @param emailVerified whether the holder proved the address is theirs (by a mailed link, or because the account
     *     was made for them by someone who knew it)
     * @param sessionEpoch moves on whenever browser sessions signed in before must end (a new password)
     */
    public record AccountRow(UserId id, String email, String displayName, Role role, String passwordHash,
            boolean emailVerified, int sessionEpoch) {
    }

    private static final String COLUMNS = "a.id, a.email, a.display_name, a.role, a.password_hash, "
            + "a.email_verified_at is not null as email_verified, a.session_epoch";

    /** Inserts the account; answers false, changing nothing, when the email is taken. */
    public boolean insertIfAbsent(UserId id, String email, String displayName, Role role, String passwordHash,
            String privacyNoticeVersion, String termsVersion, boolean emailVerified, Instant now) {
        return jdbc.sql("""
                insert into identity_accounts
                    (id, email, display_name, role, password_hash, privacy_notice_version, terms_version, accepted_at,
                     created_at, email_verified_at)
                values (:id, :email, :name, :role, :hash, :privacy, :terms, :now, :now, :verified)
                on conflict (email) do nothing
                """)
                .param("verified", emailVerified ? Timestamp.from(now) : null, java.sql.Types.TIMESTAMP)
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
        return jdbc.sql("select " + COLUMNS + " from identity_accounts a where a.email = ?")
                .param(email)
                .query(AccountStore::row)
                .optional();
    }

    public Optional<AccountRow> findById(UserId id) {
        return jdbc.sql("select " + COLUMNS + " from identity_accounts a where a.id = ?")
                .param(id.value())
                .query(AccountStore::row)
                .optional();
    }

    /** The account behind a live access token, in one query: every API request asks this. */
    public Optional<AccountRow> findByLiveToken(byte[] tokenHash, Instant now) {
        return jdbc.sql("select " + COLUMNS + """
                 from identity_access_tokens t join identity_accounts a on a.id = t.account_id
                where t.token_hash = ? and t.revoked_at is null and t.expires_at > ?
                """)
                .params(tokenHash, Timestamp.from(now))
                .query(AccountStore::row)
                .optional();
    }

    /** Marks the address as proven; answers false when it already was. */
    public boolean markVerified(UserId id, Instant now) {
        return jdbc.sql("update identity_accounts set email_verified_at = ? where id = ? and email_verified_at is null")
                .params(Timestamp.from(now), id.value())
                .update() == 1;
    }

    /** Sets a new password hash and ends every browser session signed in with the old one. */
    public void changePassword(UserId id, String passwordHash) {
        jdbc.sql("update identity_accounts set password_hash = ?, session_epoch = session_epoch + 1 where id = ?")
                .params(passwordHash, id.value())
                .update();
    }

    /**
     * Notes that the holder is being told of a repeated registration of their address, unless they were told within
     * {@code every}: answers whether to tell them now.
     */
    public boolean noteRepeatRegistration(UserId id, Instant now, java.time.Duration every) {
        return jdbc.sql("""
                update identity_accounts set repeat_registration_noticed_at = :now
                where id = :id and (repeat_registration_noticed_at is null or repeat_registration_noticed_at <= :since)
                """)
                .param("now", Timestamp.from(now))
                .param("since", Timestamp.from(now.minus(every)))
                .param("id", id.value())
                .update() == 1;
    }

    public long count() {
        return jdbc.sql("select count(*) from identity_accounts").query(Long.class).single();
    }

    private static AccountRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new AccountRow(new UserId(rs.getObject("id", java.util.UUID.class)), rs.getString("email"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash"),
                rs.getBoolean("email_verified"), rs.getInt("session_epoch"));
    }
}
