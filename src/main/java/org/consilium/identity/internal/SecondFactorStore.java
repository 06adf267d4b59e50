package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Authenticator-app keys (sealed) and recovery codes (hashed). */
@Repository
public class SecondFactorStore {

    private final JdbcClient jdbc;

    SecondFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An account's authenticator key, sealed, and whether a first code confirmed it. */
    public record TotpRow(byte[] secretSealed, boolean confirmed, long lastUsedStep) {
    }

    /** Stores a new, unconfirmed key in place of an unconfirmed one; answers false when a confirmed key exists. */
    public boolean startTotp(UserId account, byte[] secretSealed, Instant now) {
        return jdbc.sql("""
                insert into identity_totp (account_id, secret_sealed, created_at) values (?, ?, ?)
                on conflict (account_id) do update set secret_sealed = excluded.secret_sealed,
                    created_at = excluded.created_at, last_used_step = 0
                where identity_totp.confirmed_at is null
                """)
                .params(account.value(), secretSealed, Timestamp.from(now))
                .update() == 1;
    }

    /** Whether the account has an authenticator app whose first code confirmed it; a plain read, no lock. */
    public boolean totpConfirmed(UserId account) {
        return jdbc.sql("select exists (select 1 from identity_totp where account_id = ? and confirmed_at is not null)")
                .param(account.value())
                .query(Boolean.class).single();
    }

    /** The account's key, locked until the transaction ends, so two codes checked at once take turns. */
    public Optional<TotpRow> totpForUpdate(UserId account) {
        return jdbc.sql("""
                select secret_sealed, confirmed_at is not null as confirmed, last_used_step from identity_totp
                where account_id = ? for update
                """)
                .param(account.value())
                .query((rs, n) -> new TotpRow(rs.getBytes(1), rs.getBoolean(2), rs.getLong(3)))
                .optional();
    }

    /** Records the step whose code was just used (and confirms the key, on its first code). */
    public void used(UserId account, long step, Instant now) {
        jdbc.sql("""
                update identity_totp set last_used_step = ?, confirmed_at = coalesce(confirmed_at, ?)
                where account_id = ?
                """)
                .params(step, Timestamp.from(now), account.value())
                .update();
    }

    /** Replaces the account's recovery codes with these (their hashes). */
    public void replaceRecoveryCodes(UserId account, List<byte[]> hashes, Instant now) {
        jdbc.sql("delete from identity_recovery_codes where account_id = ?").param(account.value()).update();
        for (byte[] hash : hashes) {
            jdbc.sql("insert into identity_recovery_codes (account_id, code_hash, created_at) values (?, ?, ?)")
                    .params(account.value(), hash, Timestamp.from(now))
                    .update();
        }
    }

    /** Spends an unused recovery code; answers whether there was one. */
    public boolean spendRecoveryCode(UserId account, byte[] hash, Instant now) {
        return jdbc.sql("""
                update identity_recovery_codes set used_at = ?
                where account_id = ? and code_hash = ? and used_at is null
                """)
                .params(Timestamp.from(now), account.value(), hash)
                .update() == 1;
    }

    /** Whether the code was one of the account's, already used. */
    public boolean recoveryCodeUsed(UserId account, byte[] hash) {
        return jdbc.sql("""
                select exists (select 1 from identity_recovery_codes
                               where account_id = ? and code_hash = ? and used_at is not null)
                """)
                .params(account.value(), hash)
                .query(Boolean.class).single();
    }

    public int unusedRecoveryCodes(UserId account) {
        return jdbc.sql("select count(*) from identity_recovery_codes where account_id = ? and used_at is null")
                .param(account.value()).query(Integer.class).single();
    }
}
