package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single-use links mailed to an account holder. The secret in the link is 256 random bits; only its SHA-256 is kept.
 * Spending a link is one conditional update, so two clicks racing each other spend it once.
 */
@Repository
public class AccountLinkStore {

    /** What a link is for. */
    public enum Purpose {
        /** Confirm the address a person registered with. */
        VERIFY_EMAIL,
        /** Choose a new password (which confirms the address too). */
        RESET_PASSWORD,
        /** Choose the first password of an account an administrator made: an invitation. */
        SET_PASSWORD
    }

    /** A stored link, looked up by its secret, whatever its state. */
    public record Link(UserId account, Purpose purpose, Instant expiresAt, boolean used) {

        public boolean liveAt(Instant now) {
            return !used && now.isBefore(expiresAt);
        }
    }

    private final JdbcClient jdbc;

    AccountLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new link and answers its secret, which only the mail carries. */
    public String issue(UserId account, Purpose purpose, Instant now, Duration lifetime) {
        String secret = AccessTokenStore.newSecret();
        jdbc.sql("""
                insert into identity_account_links (token_hash, account_id, purpose, issued_at, expires_at)
                values (?, ?, ?, ?, ?)
                """)
                .params(AccessTokenStore.hash(secret), account.value(), purpose.name(), Timestamp.from(now),
                        Timestamp.from(now.plus(lifetime)))
                .update();
        return secret;
    }

    /** The link a secret stands for, live or not; empty for a secret no link was issued with. */
    public Optional<Link> find(String secret) {
        return AccessTokenStore.storedFormOf(secret).flatMap(hash -> jdbc.sql("""
                select account_id, purpose, expires_at, used_at is not null as used
                from identity_account_links where token_hash = ?
                """)
                .param(hash)
                .query((rs, n) -> new Link(new UserId(rs.getObject("account_id", UUID.class)),
                        Purpose.valueOf(rs.getString("purpose")), rs.getTimestamp("expires_at").toInstant(),
                        rs.getBoolean("used")))
                .optional());
    }

    /**
     * Spends a live link of one of the purposes: answers its account, or empty when the link is unknown, of another
     * purpose, expired or already spent (by this request's twin, too).
     */
    public Optional<UserId> spend(String secret, java.util.Set<Purpose> purposes, Instant now) {
        return AccessTokenStore.storedFormOf(secret).flatMap(hash -> jdbc.sql("""
                update identity_account_links set used_at = :now
                where token_hash = :hash and purpose = any(:purposes) and used_at is null and expires_at > :now
                returning account_id
                """)
                .param("now", Timestamp.from(now))
                .param("hash", hash)
                .param("purposes", purposes.stream().map(Purpose::name).toArray(String[]::new))
                .query((rs, n) -> new UserId(rs.getObject(1, UUID.class)))
                .optional());
    }

    /**
     * Spends every live link of the account: once a password is chosen or the address confirmed, the links mailed
     * before are worthless, and none of them may outlive a new password.
     */
    public int spendAll(UserId account, Instant now) {
        return jdbc.sql("""
                update identity_account_links set used_at = :now
                where account_id = :account and used_at is null and expires_at > :now
                """)
                .param("now", Timestamp.from(now))
                .param("account", account.value())
                .update();
    }

    /** A link issued lately: when, and whether it was used since. */
    public record Issued(Instant at, boolean used) {
    }

    /** The account's links issued since the instant, newest first: for capping the mails. */
    public java.util.List<Issued> issuedSince(UserId account, Instant since) {
        return jdbc.sql("""
                select issued_at, used_at is not null from identity_account_links
                where account_id = ? and issued_at > ? order by issued_at desc
                """)
                .params(account.value(), Timestamp.from(since))
                .query((rs, n) -> new Issued(rs.getTimestamp(1).toInstant(), rs.getBoolean(2)))
                .list();
    }

    /** Deletes links that expired more than {@code keep} ago: nobody can use them, and their use is on the trail. */
    public int purge(Instant now, Duration keep) {
        return jdbc.sql("delete from identity_account_links where expires_at < ?")
                .param(Timestamp.from(now.minus(keep)))
                .update();
    }
}
