package org.consilium.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.AuthenticationContext;
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

    /** An access token and the refresh token that renews it, of one family. */
    public record Pair(String accessToken, String refreshToken, UUID family) {
    }

    /**
     * Issues an access token and a refresh token of a family: a new one at sign-in ({@code family} null), the same
     * one when a refresh token is used or its holder steps up.
     *
     * @param authentication when and how the holder last proved who they are; null when not known (a pair renewed
     *     from a token older than this record), which no guarded action accepts
     */
    public Pair issuePair(UserId account, Instant now, Instant accessExpiresAt, Instant refreshExpiresAt,
            @Nullable UUID family, Instant familyStartedAt, @Nullable AuthenticationContext authentication) {
        Timestamp authenticatedAt = authentication == null ? null : Timestamp.from(authentication.at());
        String method = authentication == null ? null : authentication.method();
        UUID familyId = family == null ? UUID.randomUUID() : family;
        String access = newSecret();
        String refresh = newSecret();
        jdbc.sql("""
                insert into identity_access_tokens
                    (token_hash, account_id, issued_at, expires_at, family_id, authenticated_at, auth_method)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(hash(access), account.value(), Timestamp.from(now), Timestamp.from(accessExpiresAt), familyId,
                        authenticatedAt, method)
                .update();
        jdbc.sql("""
                insert into identity_refresh_tokens
                    (token_hash, account_id, family_id, family_started_at, issued_at, expires_at, authenticated_at,
                     auth_method)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(hash(refresh), account.value(), familyId, Timestamp.from(familyStartedAt),
                        Timestamp.from(now), Timestamp.from(refreshExpiresAt), authenticatedAt, method)
                .update();
        return new Pair(access, refresh, familyId);
    }

    /**
     * A refresh token as stored, locked until the transaction ends (two uses at once take turns).
     *
     * @param authentication the sign-in's (or last step-up's), which the renewed pair keeps: a refresh proves nothing
     *     about who holds the token
     */
    public record RefreshRow(UserId account, UUID family, Instant familyStartedAt, Instant expiresAt, boolean used,
            boolean revoked, @Nullable AuthenticationContext authentication) {
    }

    public Optional<RefreshRow> refreshTokenForUpdate(String token) {
        return storedFormOf(token).flatMap(stored -> jdbc.sql("""
                select account_id, family_id, family_started_at, expires_at, used_at is not null, revoked_at is not null,
                       authenticated_at, auth_method
                from identity_refresh_tokens where token_hash = ? for update
                """)
                .param(stored)
                .query((rs, n) -> new RefreshRow(new UserId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getBoolean(5),
                        rs.getBoolean(6), AuthenticationContext.restore(
                                rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(), rs.getString(8))))
                .optional());
    }

    public void spendRefreshToken(String token, Instant now) {
        jdbc.sql("update identity_refresh_tokens set used_at = ? where token_hash = ?")
                .params(Timestamp.from(now), hash(token)).update();
    }

    /** Revokes every token of the family, access and refresh alike. */
    public void revokeFamily(UUID family, Instant now) {
        jdbc.sql("update identity_access_tokens set revoked_at = ? where family_id = ? and revoked_at is null")
                .params(Timestamp.from(now), family).update();
        jdbc.sql("update identity_refresh_tokens set revoked_at = ? where family_id = ? and revoked_at is null")
                .params(Timestamp.from(now), family).update();
    }

    /** When the sign-in a family renews was made; empty for a family with no refresh token. */
    public Optional<Instant> familyStartedAt(UUID family) {
        return jdbc.sql("select min(family_started_at) from identity_refresh_tokens where family_id = ?")
                .param(family).query((rs, n) -> rs.getTimestamp(1))
                .optional().filter(java.util.Objects::nonNull).map(Timestamp::toInstant);
    }

    /** The family an access token belongs to, if it has one. */
    public Optional<UUID> familyOf(String accessToken) {
        return storedFormOf(accessToken).flatMap(stored -> jdbc.sql(
                "select family_id from identity_access_tokens where token_hash = ? and family_id is not null")
                .param(stored).query(UUID.class).optional());
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
     * Revokes every live token of the account except the one given (null: all of them), and every refresh token but
     * those of the kept token's family: what a password change or a reset does, so a stolen token stops working at
     * once.
     */
    public int revokeAllOf(UserId account, @Nullable String except, Instant now) {
        UUID keptFamily = except == null ? null : familyOf(except).orElse(null);
        jdbc.sql("""
                update identity_refresh_tokens set revoked_at = :now
                where account_id = :account and revoked_at is null
                  and family_id <> coalesce(cast(:kept as uuid), '00000000-0000-0000-0000-000000000000')
                """)
                .param("now", Timestamp.from(now))
                .param("account", account.value())
                .param("kept", keptFamily, java.sql.Types.OTHER)
                .update();
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
                .params(before, before).update()
                + jdbc.sql("delete from identity_refresh_tokens where expires_at < ? or revoked_at < ?")
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
