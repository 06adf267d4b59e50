package org.consilium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Personal access tokens: only their SHA-256 is kept. */
@Repository
public class PersonalTokenStore {

    /** What every personal token starts with, so a leaked one is recognised (and told from an access token). */
    public static final String PREFIX = "cpat_";

    private final JdbcClient jdbc;

    PersonalTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A personal token as its owner sees it in their list. */
    public record Row(UUID id, String name, boolean readOnly, Instant createdAt, Instant expiresAt,
            @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
    }

    /** Stores a new token and answers its secret, shown once. */
    public String issue(UUID id, UserId account, String name, boolean readOnly, Instant now, Instant expiresAt) {
        String token = PREFIX + AccessTokenStore.newSecret();
        jdbc.sql("""
                insert into identity_personal_tokens (id, account_id, name, scope, token_hash, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id, account.value(), name, readOnly ? "READ" : "WRITE", AccessTokenStore.hash(token),
                        Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
        return token;
    }

    public List<Row> ofAccount(UserId account) {
        return jdbc.sql("""
                select id, name, scope, created_at, expires_at, last_used_at, revoked_at
                from identity_personal_tokens where account_id = ? order by created_at desc
                """)
                .param(account.value()).query(PersonalTokenStore::row).list();
    }

    /** Revokes the account's own live token; answers false for another's, an unknown or a revoked one. */
    public boolean revoke(UserId account, UUID id, Instant now) {
        return jdbc.sql("""
                update identity_personal_tokens set revoked_at = ?
                where id = ? and account_id = ? and revoked_at is null
                """)
                .params(Timestamp.from(now), id, account.value()).update() == 1;
    }

    public int revokeAllOf(UserId account, Instant now) {
        return jdbc.sql("update identity_personal_tokens set revoked_at = ? where account_id = ? and revoked_at is null")
                .params(Timestamp.from(now), account.value()).update();
    }

    /** The live token's account and whether it only reads; its last use is noted at most once a minute. */
    public record Live(UserId account, boolean readOnly) {
    }

    public Optional<Live> live(String token, Instant now) {
        if (!token.startsWith(PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        byte[] hash = AccessTokenStore.hash(token);
        record Found(Live live, @Nullable Instant lastUsed) {
        }
        Optional<Found> found = jdbc.sql("""
                select account_id, scope, last_used_at from identity_personal_tokens
                where token_hash = ? and revoked_at is null and expires_at > ?
                """)
                .params(hash, Timestamp.from(now))
                .query((rs, n) -> new Found(new Live(new UserId(rs.getObject(1, UUID.class)),
                        "READ".equals(rs.getString(2))), rs.getTimestamp(3) == null ? null
                                : rs.getTimestamp(3).toInstant()))
                .optional();
        found.filter(f -> f.lastUsed() == null || f.lastUsed().isBefore(now.minusSeconds(60))).ifPresent(f ->
                jdbc.sql("update identity_personal_tokens set last_used_at = ? where token_hash = ?")
                        .params(Timestamp.from(now), hash).update());
        return found.map(Found::live);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Timestamp used = rs.getTimestamp("last_used_at");
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Row(rs.getObject("id", UUID.class), rs.getString("name"), "READ".equals(rs.getString("scope")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                used == null ? null : used.toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
