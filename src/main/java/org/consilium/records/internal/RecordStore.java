package org.consilium.records.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.Role;
import org.consilium.records.CategoryChange;
import org.consilium.records.MedicalRecord;
import org.consilium.records.RecordCategory;
import org.consilium.records.RecordId;
import org.consilium.records.RecordSource;
import org.consilium.records.ScanState;
import org.consilium.records.Voiding;
import org.consilium.records.DetailChange;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Record metadata; the content is a blob. */
@Repository
public class RecordStore {

    private static final String COLUMNS = """
            id, case_id, category, source, filename, content_type, size, sha256, date_of_service, uploaded_by,
            uploaded_at, blob_id""";

    /** What a read adds to the inserted columns: the details, the voiding, the scan, the thumbnail. */
    private static final String READ = COLUMNS + """
            , description, origin, scan_state, voided_at, voided_by, voided_by_role, void_reason,
            thumbnail_blob_id is not null as has_thumbnail, named_as""";

    private final JdbcClient jdbc;

    RecordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new record, and queues the work to do on it (scan, text, thumbnail) in the same transaction. */
    public void insert(MedicalRecord r, UUID blobId) {
        jdbc.sql("insert into records_records (" + COLUMNS + ", scan_state, description, named_as) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id().value(), r.caseId().value(), r.category().name(), r.source().name(), r.filename(),
                        r.contentType(), r.size(), r.sha256(),
                        r.dateOfService() == null ? null : Date.valueOf(r.dateOfService()), r.uploadedBy().value(),
                        Timestamp.from(r.uploadedAt()), blobId, r.scanState().name(), r.description(), r.namedAs())
                .update();
        jdbc.sql("""
                insert into records_processing (record_id, case_id, queued_at, next_attempt_at) values (?, ?, ?, ?)
                """)
                .params(r.id().value(), r.caseId().value(), Timestamp.from(r.uploadedAt()),
                        Timestamp.from(r.uploadedAt()))
                .update();
    }

    /**
     * The bytes a case holds, as its records list shows them: every record that is not voided counts its size, even
     * when its content is linked to the same blob as another record's.
     *
     * @param lock whether to hold the case's storage lock (until the transaction ends) first, so that no other upload
     *     to the case can count and add between this count and this transaction's insert
     */
    public long bytesOfCase(CaseId caseId, boolean lock) {
        if (lock) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended('records_case_storage ' || ?, 0))")
                    .param(caseId.value().toString()).query().listOfRows();
        }
        return jdbc.sql("select coalesce(sum(size), 0) from records_records where case_id = ? and voided_at is null")
                .param(caseId.value()).query(Long.class).single();
    }

    /** The case's records, voided ones too (they stay listed, marked), oldest first. */
    public List<MedicalRecord> ofCase(CaseId caseId) {
        return jdbc.sql("select " + READ + " from records_records where case_id = ? order by uploaded_at, id")
                .param(caseId.value())
                .query((rs, n) -> row(rs))
                .list();
    }

    /** A record of the case, voided or not: whether its content may be served is the policy's to say. */
    public Optional<StoredRecord> find(CaseId caseId, RecordId id) {
        return jdbc.sql("select " + READ + " from records_records where case_id = ? and id = ?")
                .params(caseId.value(), id.value())
                .query((rs, n) -> new StoredRecord(row(rs), rs.getObject("blob_id", UUID.class)))
                .optional();
    }

    /** A record by its id alone, for work done on it after it was added, outside any request. */
    public Optional<StoredRecord> findById(RecordId id) {
        return jdbc.sql("select " + READ + " from records_records where id = ?")
                .param(id.value())
                .query((rs, n) -> new StoredRecord(row(rs), rs.getObject("blob_id", UUID.class)))
                .optional();
    }

    /** The record, voided or not, held until the transaction ends, for a change of its details or its voiding. */
    public Optional<MedicalRecord> findForUpdate(CaseId caseId, RecordId id) {
        return jdbc.sql("select " + READ + " from records_records where case_id = ? and id = ? for update")
                .params(caseId.value(), id.value())
                .query((rs, n) -> row(rs))
                .optional();
    }

    /** Gives the record another category, and keeps the change as a row of its history. */
    public void recategorise(MedicalRecord record, CategoryChange change) {
        jdbc.sql("update records_records set category = ? where id = ?")
                .params(change.to().name(), record.id().value())
                .update();
        jdbc.sql("""
                insert into records_category_changes
                    (record_id, case_id, from_category, to_category, changed_by, changed_by_role, changed_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(record.id().value(), record.caseId().value(), change.from().name(), change.to().name(),
                        change.changedBy().value(), change.changedByRole().name(), Timestamp.from(change.at()))
                .update();
    }

    /** Every change of category of the case's records, oldest first: one statement for the whole list. */
    public List<CategoryChange> categoryChanges(CaseId caseId) {
        return jdbc.sql("""
                select record_id, from_category, to_category, changed_by, changed_by_role, changed_at
                from records_category_changes where case_id = ? order by id
                """)
                .param(caseId.value())
                .query((rs, n) -> new CategoryChange(new RecordId(rs.getObject("record_id", UUID.class)),
                        RecordCategory.valueOf(rs.getString("from_category")),
                        RecordCategory.valueOf(rs.getString("to_category")),
                        new UserId(rs.getObject("changed_by", UUID.class)), Role.valueOf(rs.getString("changed_by_role")),
                        rs.getTimestamp("changed_at").toInstant()))
                .list();
    }

    /** A record and the blob that holds its content. */
    public record StoredRecord(MedicalRecord record, UUID blobId) {
    }

    private static MedicalRecord row(ResultSet rs) throws SQLException {
        Date dateOfService = rs.getDate("date_of_service");
        Timestamp voidedAt = rs.getTimestamp("voided_at");
        String voidedByRole = rs.getString("voided_by_role");
        Voiding voiding = voidedAt == null ? null : new Voiding(voidedAt.toInstant(),
                new UserId(rs.getObject("voided_by", UUID.class)),
                voidedByRole == null ? Role.COORDINATOR : Role.valueOf(voidedByRole), rs.getString("void_reason"));
        return new MedicalRecord(new RecordId(rs.getObject("id", UUID.class)),
                new CaseId(rs.getObject("case_id", UUID.class)), RecordCategory.valueOf(rs.getString("category")),
                RecordSource.valueOf(rs.getString("source")), rs.getString("filename"),
                rs.getString("content_type"), rs.getLong("size"), rs.getString("sha256"),
                dateOfService == null ? null : dateOfService.toLocalDate(),
                new UserId(rs.getObject("uploaded_by", UUID.class)), rs.getTimestamp("uploaded_at").toInstant(),
                rs.getString("description"), rs.getString("origin"), ScanState.valueOf(rs.getString("scan_state")),
                voiding, rs.getBoolean("has_thumbnail"), rs.getString("named_as"));
    }

    // ---- details, voiding -------------------------------------------------------------------------------------

    /** Sets the record's date of service, description and origin, and keeps each change as a row of its history. */
    public void editDetails(MedicalRecord edited, List<DetailChange> changes) {
        jdbc.sql("update records_records set date_of_service = ?, description = ?, origin = ? where id = ?")
                .params(edited.dateOfService() == null ? null : Date.valueOf(edited.dateOfService()),
                        edited.description(), edited.origin(), edited.id().value())
                .update();
        for (DetailChange change : changes) {
            jdbc.sql("""
                    insert into records_detail_changes
                        (record_id, case_id, field, from_value, to_value, changed_by, changed_by_role, changed_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(change.recordId().value(), edited.caseId().value(), change.field(), change.from(),
                            change.to(), change.changedBy().value(), change.changedByRole().name(),
                            Timestamp.from(change.at()))
                    .update();
        }
    }

    /** Every change of the details of the case's records, oldest first: one statement for the whole list. */
    public List<DetailChange> detailChanges(CaseId caseId) {
        return jdbc.sql("""
                select record_id, field, from_value, to_value, changed_by, changed_by_role, changed_at
                from records_detail_changes where case_id = ? order by id
                """)
                .param(caseId.value())
                .query((rs, n) -> new DetailChange(new RecordId(rs.getObject("record_id", UUID.class)),
                        rs.getString("field"), rs.getString("from_value"), rs.getString("to_value"),
                        new UserId(rs.getObject("changed_by", UUID.class)),
                        Role.valueOf(rs.getString("changed_by_role")), rs.getTimestamp("changed_at").toInstant()))
                .list();
    }

    /** Marks the record voided; the row and its content stay. Answers false when it already was. */
    public boolean voidRecord(RecordId id, Voiding voiding) {
        return jdbc.sql("""
                update records_records set voided_at = ?, voided_by = ?, voided_by_role = ?, void_reason = ?
                where id = ? and voided_at is null
                """)
                .params(Timestamp.from(voiding.at()), voiding.by().value(), voiding.role().name(), voiding.reason(),
                        id.value())
                .update() == 1;
    }

    // ---- what processing finds ------------------------------------------------------------------------------

    /** Records the scanner's answer, and what it named when it found something. */
    public void scanned(RecordId id, ScanState state, @Nullable String finding, Instant at) {
        jdbc.sql("update records_records set scan_state = ?, scan_finding = ?, scanned_at = ? where id = ?")
                .params(state.name(), finding, Timestamp.from(at), id.value())
                .update();
    }

    /** Keeps the text extracted from the record's content, replacing what an earlier run kept. */
    public void saveText(MedicalRecord record, String text, Instant at) {
        jdbc.sql("""
                insert into records_texts (record_id, case_id, content, extracted_at) values (?, ?, ?, ?)
                on conflict (record_id) do update set content = excluded.content, extracted_at = excluded.extracted_at
                """)
                .params(record.id().value(), record.caseId().value(), text, Timestamp.from(at))
                .update();
    }

    /** Links the thumbnail's blob to the record. */
    public void setThumbnail(RecordId id, UUID blobId) {
        jdbc.sql("update records_records set thumbnail_blob_id = ? where id = ?").params(blobId, id.value()).update();
    }

    /** The blob of the record's thumbnail, if one was made. */
    public Optional<UUID> thumbnailOf(CaseId caseId, RecordId id) {
        return jdbc.sql("select thumbnail_blob_id from records_records where case_id = ? and id = ? "
                        + "and thumbnail_blob_id is not null")
                .params(caseId.value(), id.value())
                .query(UUID.class)
                .optional();
    }

    /** A record whose extracted text matches, with a short passage around the words found. */
    public record TextMatch(RecordId recordId, String snippet) {
    }

    /**
     * The case's standing records whose text holds the words asked for (PostgreSQL's web search syntax: words,
     * "a phrase", -not, or), best first, each with a passage around the words found.
     */
    public List<TextMatch> search(CaseId caseId, String query, int limit) {
        return jdbc.sql("""
                select t.record_id, ts_headline('simple', t.content, q,
                       'StartSel="", StopSel="", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
                       as snippet
                from records_texts t join records_records r on r.id = t.record_id,
                     websearch_to_tsquery('simple', ?) q
                where t.case_id = ? and r.voided_at is null and t.words @@ q
                order by ts_rank(t.words, q) desc, r.uploaded_at, r.id
                limit ?
                """)
                .params(query, caseId.value(), limit)
                .query((rs, n) -> new TextMatch(new RecordId(rs.getObject("record_id", UUID.class)),
                        rs.getString("snippet")))
                .list();
    }
}
