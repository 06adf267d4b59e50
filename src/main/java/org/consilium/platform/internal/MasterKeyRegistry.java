package org.consilium.platform.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The master key versions ({@code platform_master_keys}) and the service secrets sealed under them
 * ({@code platform_service_secrets}). Changing which version is current takes {@link #REGISTRY_LOCK} exclusively;
 * storing a key wrapped under the current version holds it shared ({@link #holdCurrent()}), so the two never cross.
 * Every method runs in the caller's transaction.
 */
@Repository
public class MasterKeyRegistry {

    /** An arbitrary constant naming the registry's advisory lock. */
    static final long REGISTRY_LOCK = 0x436f6e734b657973L;

    /** The states of a version, stored by these names. */
    public enum State {
        /** Known, wraps nothing yet: a rotation makes it current. */
        NEXT,
        /** Wraps every new data key; exactly one. */
        CURRENT,
        /** A rotation is moving the keys wrapped under it to the current version. */
        RETIRING,
        /** Nothing is wrapped under it any more; the key may be destroyed once no backup needs it. */
        RETIRED
    }

    /** One version of the master key. */
    public record Version(int version, String keyId, State state, Instant addedAt, Instant changedAt) {
    }

    /** A service secret as stored: sealed under a master key version. */
    record SealedSecret(String purpose, int keyVersion, byte[] nonce, byte[] sealed) {
    }

    private final JdbcClient jdbc;

    MasterKeyRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps every other change of the registry out until the caller's transaction ends. */
    public void lockExclusively() {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(REGISTRY_LOCK).query((rs, n) -> 1).list();
    }

    /** The current version, which no rotation replaces until the caller's transaction ends. */
    int holdCurrent() {
        jdbc.sql("select pg_advisory_xact_lock_shared(?)").param(REGISTRY_LOCK).query((rs, n) -> 1).list();
        return current();
    }

    int current() {
        return jdbc.sql("select version from platform_master_keys where state = 'CURRENT'").query(Integer.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no master key version is current"));
    }

    public List<Version> versions() {
        return jdbc.sql("select version, key_id, state, added_at, changed_at from platform_master_keys order by version")
                .query((rs, n) -> new Version(rs.getInt(1), rs.getString(2), State.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
                .list();
    }

    public void add(int version, String keyId, State state, Instant now) {
        jdbc.sql("insert into platform_master_keys (version, key_id, state, added_at, changed_at) values (?, ?, ?, ?, ?)")
                .params(version, keyId, state.name(), Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    public void change(int version, State from, State to, Instant now) {
        int changed = jdbc.sql("update platform_master_keys set state = ?, changed_at = ? where version = ? and state = ?")
                .params(to.name(), Timestamp.from(now), version, from.name())
                .update();
        if (changed != 1) {
            throw new IllegalStateException("master key version " + version + " is not " + from);
        }
    }

    Optional<SealedSecret> secret(String purpose) {
        return jdbc.sql("select purpose, key_version, nonce, sealed from platform_service_secrets where purpose = ?")
                .param(purpose)
                .query((rs, n) -> new SealedSecret(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getBytes(4)))
                .optional();
    }

    List<SealedSecret> secrets() {
        return jdbc.sql("select purpose, key_version, nonce, sealed from platform_service_secrets order by purpose")
                .query((rs, n) -> new SealedSecret(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getBytes(4)))
                .list();
    }

    void store(SealedSecret secret, Instant now) {
        jdbc.sql("""
                insert into platform_service_secrets (purpose, key_version, nonce, sealed, sealed_at)
                values (?, ?, ?, ?, ?)
                on conflict (purpose) do update
                    set key_version = excluded.key_version, nonce = excluded.nonce, sealed = excluded.sealed,
                        sealed_at = excluded.sealed_at
                """)
                .params(secret.purpose(), secret.keyVersion(), secret.nonce(), secret.sealed(), Timestamp.from(now))
                .update();
    }
}
