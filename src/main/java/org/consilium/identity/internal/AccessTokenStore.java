package org.consilium.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.consilium.shared.Sha256;
import org.jspecify.annotations.Nullable;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Opaque access tokens: 256 random bits handed to the client, only their SHA-256 kept here, so a copy of the
 * database holds no usable token. Tokens survive restarts and work across app instances.
 */
@Repository
public class AccessTokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    AccessTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String issue(UserId account, Instant now, Instant expiresAt) {
        String token = newSecret();
        jdbc.sql("""
                insert into identity_access_tokens (token_hash, account_id, issued_at, expires_at)
                values (?, ?, ?, ?)
                """)
                .params(hash(token), account.value(), Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
        return token;
    }

    public Optional<UserId> accountOf(String token, Instant now) {
        if (token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select account_id from identity_access_tokens
                where token_hash = ? and revoked_at is null and expires_at > ?
                """)
                .params(hash(token), Timestamp.from(now))
                .query((rs, n) -> new UserId(rs.getObject(1, UUID.class)))
                .optional();
    }

    /**
     * Revokes every live token of the account except the one given (null: all of them): what a password change or a
     * reset does, so a stolen token stops working at once.
     */
    public int revokeAllOf(UserId account, @Nullable String except, Instant now) {
        return jdbc.sql("""
                update identity_access_tokens set revoked_at = :now
                where account_id = :account and revoked_at is null and expires_at > :now
                  and token_hash <> :except
                """)
                .param("now", Timestamp.from(now))
                .param("account", account.value())
                .param("except", except == null ? new byte[0] : hash(except))
                .update();
    }

    public void revoke(String token, Instant now) {
        jdbc.sql("update identity_access_tokens set revoked_at = ? where token_hash = ? and revoked_at is null")
                .params(Timestamp.from(now), hash(token))
                .update();
    }

    /** The stored form of a token: its SHA-256. Empty for a token no issued token can be. */
    public static Optional<byte[]> storedFormOf(String token) {
        return token.isEmpty() || token.length() > 100 ? Optional.empty() : Optional.of(hash(token));
    }

    /**
     * Deletes tokens that expired or were revoked more than {@code keep} ago: they can never be used again, and the
     * sign-ins they stood for are on the audit trail.
     */
    public int purge(Instant now, java.time.Duration keep) {
        Timestamp before = Timestamp.from(now.minus(keep));
        return jdbc.sql("delete from identity_access_tokens where expires_at < ? or revoked_at < ?")
                .params(before, before).update();
    }

    /** 256 random bits in base64url: a token or link secret nobody can guess. */
    public static String newSecret() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static byte[] hash(String token) {
        return Sha256.digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
