package org.consilium.records.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.consilium.records.RecordId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The records waiting for their scan, text and thumbnail ({@code records_processing}). One app instance takes one
 * row at a time under a lease, so several instances share the work and a row whose instance died is taken again
 * once its lease is over.
 */
@Repository
public class ProcessingQueue {

    private final JdbcClient jdbc;

    ProcessingQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A record taken for processing, and how many times it has been taken, this one included. */
    public record Claim(RecordId recordId, int attempts) {
    }

    /** Takes the record due first that nobody holds, for {@code lease}. */
    public Optional<Claim> claimNext(Instant now, Duration lease) {
        return jdbc.sql("""
                update records_processing set claimed_until = ?, attempts = attempts + 1
                where record_id = (select record_id from records_processing
                                   where next_attempt_at <= ? and (claimed_until is null or claimed_until < ?)
                                   order by next_attempt_at limit 1 for update skip locked)
                returning record_id, attempts
                """)
                .params(Timestamp.from(now.plus(lease)), Timestamp.from(now), Timestamp.from(now))
                .query((rs, n) -> new Claim(new RecordId(rs.getObject(1, UUID.class)), rs.getInt(2)))
                .optional();
    }

    /** Takes this record, if it waits and nobody holds it, whether or not it is due yet. */
    public Optional<Claim> claim(RecordId id, Instant now, Duration lease) {
        return jdbc.sql("""
                update records_processing set claimed_until = ?, attempts = attempts + 1
                where record_id = ? and (claimed_until is null or claimed_until < ?)
                returning record_id, attempts
                """)
                .params(Timestamp.from(now.plus(lease)), id.value(), Timestamp.from(now))
                .query((rs, n) -> new Claim(new RecordId(rs.getObject(1, UUID.class)), rs.getInt(2)))
                .optional();
    }

    /** Whether the record still waits for (or is in) processing. */
    public boolean waiting(RecordId id) {
        return jdbc.sql("select count(*) from records_processing where record_id = ?").param(id.value())
                .query(Long.class).single() > 0;
    }

    public void done(RecordId id) {
        jdbc.sql("delete from records_processing where record_id = ?").param(id.value()).update();
    }

    /** Gives the record back, to be taken again at {@code next}, with why it could not be done now. */
    public void putOff(RecordId id, Instant next, String error) {
        jdbc.sql("update records_processing set claimed_until = null, next_attempt_at = ?, last_error = ? "
                        + "where record_id = ?")
                .params(Timestamp.from(next), error.length() > 500 ? error.substring(0, 500) : error, id.value())
                .update();
    }
}
