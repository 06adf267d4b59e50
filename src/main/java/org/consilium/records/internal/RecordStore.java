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

    private final JdbcClient jdbc;

    RecordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(MedicalRecord r, UUID blobId) {
        jdbc.sql("insert into records_records (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id().value(), r.caseId().value(), r.category().name(), r.source().name(), r.filename(),
                        r.contentType(), r.size(), r.sha256(),
                        r.dateOfService() == null ? null : Date.valueOf(r.dateOfService()), r.uploadedBy().value(),
                        Timestamp.from(r.uploadedAt()), blobId)
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

    /** The case's records that are not voided, oldest first. */
    public List<MedicalRecord> ofCase(CaseId caseId) {
        return jdbc.sql("select " + COLUMNS + " from records_records where case_id = ? and voided_at is null "
                        + "order by uploaded_at, id")
                .param(caseId.value())
                .query((rs, n) -> row(rs))
                .list();
    }

    public Optional<StoredRecord> find(CaseId caseId, RecordId id) {
        return jdbc.sql("select " + COLUMNS + " from records_records where case_id = ? and id = ? "
                        + "and voided_at is null")
                .params(caseId.value(), id.value())
                .query((rs, n) -> new StoredRecord(row(rs), rs.getObject("blob_id", UUID.class)))
                .optional();
    }

    /** The record, held until the transaction ends, for a change of its category. */
    public Optional<MedicalRecord> findForUpdate(CaseId caseId, RecordId id) {
        return jdbc.sql("select " + COLUMNS + " from records_records where case_id = ? and id = ? "
                        + "and voided_at is null for update")
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
        return new MedicalRecord(new RecordId(rs.getObject("id", UUID.class)),
                new CaseId(rs.getObject("case_id", UUID.class)), RecordCategory.valueOf(rs.getString("category")),
                RecordSource.valueOf(rs.getString("source")), rs.getString("filename"),
                rs.getString("content_type"), rs.getLong("size"), rs.getString("sha256"),
                dateOfService == null ? null : dateOfService.toLocalDate(),
                new UserId(rs.getObject("uploaded_by", UUID.class)), rs.getTimestamp("uploaded_at").toInstant());
    }
}
