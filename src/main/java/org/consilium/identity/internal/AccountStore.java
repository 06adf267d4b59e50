package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.consilium.identity.AuthenticationContext;
import org.consilium.identity.Role;
import org.jspecify.annotations.Nullable;
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
     * @param sessionEpoch moves on whenever browser sessions signed in before must end (a new password, a suspension)
     * @param suspended whether an administrator suspended the account: it cannot sign in, nor use a token
     * @param secondFactor whether the holder signs in with a second factor (an authenticator app, a passkey)
     */
    public record AccountRow(UserId id, String email, String displayName, Role role, String passwordHash,
            boolean emailVerified, int sessionEpoch, boolean suspended, boolean secondFactor) {

        /** Whether its holder may sign in and act: the address is confirmed and the account not suspended. */
        public boolean usable() {
            return emailVerified && !suspended;
        }
    }

    private static final String COLUMNS = "a.id, a.email, a.display_name, a.role, a.password_hash, "
            + "a.email_verified_at is not null as email_verified, a.session_epoch, a.suspended_at is not null "
            + "as suspended, (exists (select 1 from identity_totp f where f.account_id = a.id and f.confirmed_at is not "
            + "null) or exists (select 1 from identity_passkeys p where p.account_id = a.id and p.removed_at is null)) "
            + "as second_factor";

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

    /** An account behind a live access token, with when and how the token's holder last authenticated. */
    public record TokenHolder(AccountRow account, @Nullable AuthenticationContext authentication) {
    }

    /** The account behind a live access token, in one query: every API request asks this. */
    public Optional<TokenHolder> findByLiveToken(byte[] tokenHash, Instant now) {
        return jdbc.sql("select " + COLUMNS + """
                , t.authenticated_at, t.auth_method
                 from identity_access_tokens t join identity_accounts a on a.id = t.account_id
                where t.token_hash = ? and t.revoked_at is null and t.expires_at > ? and a.suspended_at is null
                """)
                .params(tokenHash, Timestamp.from(now))
                .query((rs, n) -> {
                    Timestamp at = rs.getTimestamp("authenticated_at");
                    return new TokenHolder(row(rs, n), AuthenticationContext.restore(
                            at == null ? null : at.toInstant(), rs.getString("auth_method")));
                })
                .optional();
    }

    /** What the account's holder may download of it: its profile, without any secret. */
    public java.util.Optional<org.consilium.identity.AccountProfile> profile(UserId id) {
        return jdbc.sql("""
                select a.email, a.display_name, a.role, a.created_at, a.email_verified_at, a.privacy_notice_version,
                       a.terms_version, a.accepted_at,
                       exists (select 1 from identity_totp f where f.account_id = a.id and f.confirmed_at is not null)
                       or exists (select 1 from identity_passkeys p where p.account_id = a.id and p.removed_at is null)
                from identity_accounts a where a.id = ?
                """)
                .param(id.value())
                .query((rs, n) -> new org.consilium.identity.AccountProfile(rs.getString(1), rs.getString(2),
                        Role.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getBoolean(9)))
                .optional();
    }

    /** Locks the account's row until the transaction ends, so that two requests about it take turns. */
    public void lock(UserId id) {
        jdbc.sql("select 1 from identity_accounts where id = ? for update").param(id.value()).query(Integer.class)
                .optional();
    }

    /** Marks the address as proven; answers false when it already was. */
    public boolean markVerified(UserId id, Instant now) {
        return jdbc.sql("update identity_accounts set email_verified_at = ? where id = ? and email_verified_at is null")
                .params(Timestamp.from(now), id.value())
                .update() == 1;
    }

    /**
     * Sets a new password hash and ends every browser session signed in with the old one. With an expected session
     * epoch, only if the account is still at it: a change checked against the current password must not overwrite a
     * reset (or another change) that landed after the check. Answers whether the password was set.
     */
    public boolean changePassword(UserId id, String passwordHash, @org.jspecify.annotations.Nullable Integer expectedEpoch) {
        return jdbc.sql("""
                update identity_accounts set password_hash = :hash, session_epoch = session_epoch + 1
                where id = :id and (cast(:epoch as int) is null or session_epoch = :epoch)
                """)
                .param("hash", passwordHash)
                .param("id", id.value())
                .param("epoch", expectedEpoch, java.sql.Types.INTEGER)
                .update() == 1;
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

    /** Makes an account for someone else (an invitation), whose holder sets its password by a mailed link. */
    public boolean insertInvited(UserId id, String email, String displayName, Role role, String unusableHash,
            UserId invitedBy, Instant now) {
        return insertWithoutPassword(id, email, displayName, role, unusableHash, invitedBy, now);
    }

    /**
     * Makes a staff account on its holder's first single sign-on: the identity provider vouched for the address, and
     * nobody chose a password (nothing matches the hash). Answers false, changing nothing, when the email is taken.
     */
    public boolean insertProvisioned(UserId id, String email, String displayName, Role role, String unusableHash,
            Instant now) {
        return insertWithoutPassword(id, email, displayName, role, unusableHash, null, now);
    }

    /**
     * An account nobody chose a password for yet: invited by {@code invitedBy} (its address confirmed when the holder
     * sets one), or, without, vouched for by an identity provider (its address confirmed now).
     */
    private boolean insertWithoutPassword(UserId id, String email, String displayName, Role role, String unusableHash,
            @org.jspecify.annotations.Nullable UserId invitedBy, Instant now) {
        return jdbc.sql("""
                insert into identity_accounts
                    (id, email, display_name, role, password_hash, privacy_notice_version, terms_version, accepted_at,
                     created_at, invited_by, email_verified_at)
                values (:id, :email, :name, :role, :hash, '', '', :now, :now, :by, :verified)
                on conflict (email) do nothing
                """)
                .param("id", id.value())
                .param("email", email)
                .param("name", displayName)
                .param("role", role.name())
                .param("hash", unusableHash)
                .param("now", Timestamp.from(now))
                .param("by", invitedBy == null ? null : invitedBy.value(), java.sql.Types.OTHER)
                .param("verified", invitedBy == null ? Timestamp.from(now) : null, java.sql.Types.TIMESTAMP)
                .update() == 1;
    }

    /** Suspends the account and ends its sessions; answers false when it was suspended already. */
    public boolean suspend(UserId id, UserId by, String reason, Instant now) {
        return jdbc.sql("""
                update identity_accounts set suspended_at = :now, suspended_by = :by, suspension_reason = :reason,
                    session_epoch = session_epoch + 1
                where id = :id and suspended_at is null
                """)
                .param("now", Timestamp.from(now))
                .param("by", by.value())
                .param("reason", reason)
                .param("id", id.value())
                .update() == 1;
    }

    /** Lifts a suspension; answers false when the account was not suspended. */
    public boolean reactivate(UserId id) {
        return jdbc.sql("""
                update identity_accounts set suspended_at = null, suspended_by = null, suspension_reason = null
                where id = ? and suspended_at is not null
                """)
                .param(id.value())
                .update() == 1;
    }

    /** Whether the account was made by someone else (an invitation) rather than registered by its holder. */
    public boolean invited(UserId id) {
        return jdbc.sql("select invited_by is not null from identity_accounts where id = ?").param(id.value())
                .query(Boolean.class).single();
    }

    /** For an invitation sent again before it was accepted: the name and role the administrator gives now. */
    public void renameAndChangeRole(UserId id, String displayName, Role role) {
        jdbc.sql("update identity_accounts set display_name = ?, role = ? where id = ?")
                .params(displayName, role.name(), id.value()).update();
    }

    public void changeRole(UserId id, Role role) {
        jdbc.sql("update identity_accounts set role = ? where id = ?").params(role.name(), id.value()).update();
    }

    /**
     * How many administrators can act: confirmed and not suspended. Every administrator's row is locked first, so two
     * administrators suspending each other at once take turns, and the second sees the first's change.
     */
    public long usableAdministrators() {
        jdbc.sql("select id from identity_accounts where role = 'ADMIN' order by id for update")
                .query(java.util.UUID.class).list();
        return jdbc.sql("""
                select count(*) from identity_accounts
                where role = 'ADMIN' and email_verified_at is not null and suspended_at is null
                """).query(Long.class).single();
    }

    /** Whether any administrator account exists, usable or not (an invited one counts). */
    public boolean anyAdministrator() {
        return jdbc.sql("select exists (select 1 from identity_accounts where role = 'ADMIN')")
                .query(Boolean.class).single();
    }

    /** An account as administrators see it in their list. */
    public record StaffRow(UserId id, String email, String displayName, Role role, boolean emailVerified,
            boolean invited, Instant createdAt, @org.jspecify.annotations.Nullable Instant suspendedAt,
            @org.jspecify.annotations.Nullable String suspensionReason) {
    }

    /** Every account of the roles, by role and then name: the administrators' list of staff. */
    public java.util.List<StaffRow> staff(java.util.Set<Role> roles) {
        return jdbc.sql("""
                select id, email, display_name, role, email_verified_at is not null as verified,
                       invited_by is not null as invited, created_at, suspended_at, suspension_reason
                from identity_accounts where role = any(:roles) order by role, display_name, email
                """)
                .param("roles", roles.stream().map(Role::name).toArray(String[]::new))
                .query((rs, n) -> new StaffRow(new UserId(rs.getObject("id", java.util.UUID.class)),
                        rs.getString("email"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        rs.getBoolean("verified"), rs.getBoolean("invited"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("suspended_at") == null ? null : rs.getTimestamp("suspended_at").toInstant(),
                        rs.getString("suspension_reason")))
                .list();
    }

    /**
     * Deletes the accounts people registered and never confirmed, made before the instant: their holders never proved
     * the address, never signed in and hold nothing (no grant, no token), so what is left is an address and a name
     * that perhaps someone else typed in. Their registration stays on the audit trail, by account id. Answers how many.
     */
    public int purgeUnconfirmed(Instant before) {
        String unconfirmed = """
                select a.id from identity_accounts a
                where a.invited_by is null and a.email_verified_at is null and a.created_at < :before
                  and not exists (select 1 from identity_case_grants g where g.account_id = a.id)
                  and not exists (select 1 from identity_access_tokens t where t.account_id = a.id)
                """;
        jdbc.sql("delete from identity_account_links where account_id in (" + unconfirmed + ")")
                .param("before", Timestamp.from(before)).update();
        return jdbc.sql("delete from identity_accounts where id in (" + unconfirmed + ")")
                .param("before", Timestamp.from(before)).update();
    }

    public long count() {
        return jdbc.sql("select count(*) from identity_accounts").query(Long.class).single();
    }

    private static AccountRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new AccountRow(new UserId(rs.getObject("id", java.util.UUID.class)), rs.getString("email"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getString("password_hash"),
                rs.getBoolean("email_verified"), rs.getInt("session_epoch"), rs.getBoolean("suspended"),
                rs.getBoolean("second_factor"));
    }
}
