package org.consilium.records.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.records.RecordCategory;
import org.consilium.records.RecordId;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Resumable uploads under way, in PostgreSQL, so that any app instance can take an upload's next request. A request
 * that writes holds the upload's lease (a token and an expiry), so two requests never write to one upload at once, and
 * one whose instance died lets go when the lease lapses.
 */
@Repository
public class Uploads {

    /** What an upload is for and how far it got. */
    public record Upload(UUID id, CaseId caseId, UserId owner, RecordCategory category, String filename,
            @Nullable String declaredType, @Nullable LocalDate dateOfService, long length, UUID blobId,
            int keyVersion, byte[] wrappedKey, byte[] keyNonce, String storageKey, String storageHandle,
            PartialBlobs.Progress progress, Instant createdAt, Instant expiresAt, String state,
            @Nullable String refusal, @Nullable RecordId recordId) {

        public long received() {
            return progress.received();
        }
    }

    private final JdbcClient jdbc;

    Uploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Upload u) {
        jdbc.sql("""
                insert into records_uploads (id, case_id, owner_id, category, filename, declared_type,
                    date_of_service, length, blob_id, key_version, wrapped_key, key_nonce, storage_key,
                    storage_handle, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(u.id(), u.caseId().value(), u.owner().value(), u.category().name(), u.filename(),
                        u.declaredType(), u.dateOfService() == null ? null : Date.valueOf(u.dateOfService()),
                        u.length(), u.blobId(), u.keyVersion(), u.wrappedKey(), u.keyNonce(), u.storageKey(), u.storageHandle(),
                        Timestamp.from(u.createdAt()), Timestamp.from(u.expiresAt()))
                .update();
    }

    public Optional<Upload> find(UUID id) {
        return jdbc.sql("select * from records_uploads where id = ?").param(id).query((rs, n) -> row(rs)).optional();
    }

    /** How many uploads the account has that are neither finished nor abandoned. */
    public long unfinished(UserId owner, Instant now) {
        return jdbc.sql("""
                select count(*) from records_uploads
                where owner_id = ? and state in ('receiving', 'checking') and expires_at > ?
                """)
                .params(owner.value(), Timestamp.from(now)).query(Long.class).single();
    }

    /**
     * Takes the upload's lease for one request, unless another request holds a live one.
     *
     * @return whether it was taken
     */
    public boolean lease(UUID id, UUID token, Instant now, Instant until) {
        return jdbc.sql("""
                update records_uploads set lease_token = ?, lease_until = ?
                where id = ? and (lease_until is null or lease_until <= ?)
                """)
                .params(token, Timestamp.from(until), id, Timestamp.from(now)).update() == 1;
    }

    /** Keeps the lease a while longer; false when it was lost (it lapsed and another request took it). */
    public boolean renew(UUID id, UUID token, Instant until) {
        return jdbc.sql("update records_uploads set lease_until = ? where id = ? and lease_token = ?")
                .params(Timestamp.from(until), id, token).update() == 1;
    }

    public void release(UUID id, UUID token) {
        jdbc.sql("update records_uploads set lease_token = null, lease_until = null where id = ? and lease_token = ?")
                .params(id, token).update();
    }

    /**
     * Records how far the upload got and lets go of its lease; once every byte is in, it is being checked.
     *
     * @return false when the lease was lost, and nothing was recorded
     */
    public boolean advance(UUID id, UUID token, PartialBlobs.Progress progress, boolean complete,
            Instant expiresAt) {
        return jdbc.sql("""
                update records_uploads set received = ?, parts = ?, stored = ?, pending = ?, tail = ?,
                    expires_at = ?, state = ?, lease_token = null, lease_until = null
                where id = ? and lease_token = ? and state = 'receiving'
                """)
                .params(progress.received(), progress.parts(), progress.stored(), progress.pending(),
                        progress.tail(), Timestamp.from(expiresAt), complete ? "checking" : "receiving", id, token)
                .update() == 1;
    }

    /** The upload became this record. */
    public void stored(UUID id, RecordId record, Instant now) {
        jdbc.sql("""
                update records_uploads set state = 'stored', record_id = ?, completed_at = ?, pending = null,
                    tail = null, wrapped_key = '', lease_token = null, lease_until = null
                where id = ?
                """)
                .params(record.value(), Timestamp.from(now), id).update();
    }

    /** The upload ended without a record: refused (with the reason), ended by its owner, or abandoned. */
    public void end(UUID id, String state, @Nullable String refusal, Instant now) {
        jdbc.sql("""
                update records_uploads set state = ?, refusal = ?, completed_at = ?, pending = null, tail = null,
                    wrapped_key = '', lease_token = null, lease_until = null
                where id = ?
                """)
                .params(state, refusal, Timestamp.from(now), id).update();
    }

    /** Unfinished uploads whose expiry passed and that no request holds, oldest first. */
    public List<Upload> abandoned(Instant now, int limit) {
        return jdbc.sql("""
                select * from records_uploads
                where state in ('receiving', 'checking') and expires_at <= ?
                    and (lease_until is null or lease_until <= ?)
                order by expires_at limit ?
                """)
                .params(Timestamp.from(now), Timestamp.from(now), limit).query((rs, n) -> row(rs)).list();
    }

    /** Forgets uploads that ended before {@code before}: their records, if any, stand on their own. */
    public int forget(Instant before) {
        return jdbc.sql("delete from records_uploads where state in ('stored', 'refused', 'ended', 'expired') "
                + "and completed_at < ?").param(Timestamp.from(before)).update();
    }

    /** How many unfinished uploads hold their data key under one of the master key versions. */
    public long countWrappedUnder(java.util.Collection<Integer> versions) {
        if (versions.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select count(*) from records_uploads where state in ('receiving', 'checking') "
                + "and key_version in (:versions)").param("versions", versions).query(Long.class).single();
    }

    /** Unfinished uploads with their data key under one of the versions, locked for re-wrapping; at most {@code max}. */
    public List<Upload> wrappedUnder(java.util.Collection<Integer> versions, int max) {
        return jdbc.sql("select * from records_uploads where state in ('receiving', 'checking') "
                        + "and key_version in (:versions) order by id limit :max for update skip locked")
                .param("versions", versions).param("max", max).query((rs, n) -> row(rs)).list();
    }

    public void rewrapped(UUID id, int keyVersion, byte[] wrappedKey, byte[] keyNonce) {
        jdbc.sql("update records_uploads set key_version = ?, wrapped_key = ?, key_nonce = ? where id = ?")
                .params(keyVersion, wrappedKey, keyNonce, id).update();
    }

    private static Upload row(ResultSet rs) throws SQLException {
        Date dateOfService = rs.getDate("date_of_service");
        UUID record = rs.getObject("record_id", UUID.class);
        return new Upload(rs.getObject("id", UUID.class), new CaseId(rs.getObject("case_id", UUID.class)),
                new UserId(rs.getObject("owner_id", UUID.class)), RecordCategory.valueOf(rs.getString("category")),
                rs.getString("filename"), rs.getString("declared_type"),
                dateOfService == null ? null : dateOfService.toLocalDate(), rs.getLong("length"),
                rs.getObject("blob_id", UUID.class), rs.getInt("key_version"), rs.getBytes("wrapped_key"), rs.getBytes("key_nonce"),
                rs.getString("storage_key"), rs.getString("storage_handle"),
                new PartialBlobs.Progress(rs.getLong("received"), rs.getInt("parts"), rs.getLong("stored"),
                        rs.getBytes("pending"), rs.getBytes("tail")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                rs.getString("state"), rs.getString("refusal"), record == null ? null : new RecordId(record));
    }
}
