package org.consilium.records.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The uploads each account has under way, in PostgreSQL so that the limit holds across app instances. A slot is a
 * lease: it is given back when its upload ends, and lapses at its expiry if the instance running the upload died,
 * so a crash never keeps a slot taken for good.
 */
@Repository
public class UploadSlots {

    private final JdbcClient jdbc;

    UploadSlots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes a slot for the account unless it already holds {@code limit} live ones; the account's takers are
     * serialised (a transaction-scoped advisory lock), so parallel requests cannot all slip under the limit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<UUID> take(UserId account, int limit, Instant now, Instant expiresAt) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('records_upload_slots ' || ?, 0))")
                .param(account.value().toString()).query().listOfRows();
        long live = jdbc.sql("select count(*) from records_upload_slots where account_id = ? and expires_at > ?")
                .params(account.value(), Timestamp.from(now)).query(Long.class).single();
        if (live >= limit) {
            return Optional.empty();
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into records_upload_slots (id, account_id, started_at, expires_at) values (?, ?, ?, ?)")
                .params(id, account.value(), Timestamp.from(now), Timestamp.from(expiresAt)).update();
        return Optional.of(id);
    }

    public void release(UUID slot) {
        jdbc.sql("delete from records_upload_slots where id = ?").param(slot).update();
    }

    /** Deletes the slots that lapsed: their uploads' instances died before giving them back. */
    public int purge(Instant now) {
        return jdbc.sql("delete from records_upload_slots where expires_at <= ?").param(Timestamp.from(now))
                .update();
    }
}
