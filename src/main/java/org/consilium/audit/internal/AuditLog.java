package org.consilium.audit.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.consilium.audit.AuditEntry;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.Sha256;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit table. Rows are linked in order by one writer at a time (a transaction-scoped advisory lock), each hash
 * covering every column and the previous row's hash, so several app instances can append and any edit or gap shows.
 */
@Repository
public class AuditLog {

    static final String GENESIS = "0".repeat(64);
    /** An arbitrary constant naming the audit chain's advisory lock. */
    private static final long CHAIN_LOCK = 0x436f6e73696c6955L;

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What is to be appended; the log gives it its place in the chain. */
    public record Line(Instant at, @Nullable UserId actorId, @Nullable Role actorRole, String action,
            @Nullable CaseId caseId, @Nullable String detail) {

        /** The same read, also covering {@code what}: details joined by ", ", each named once. */
        public Line alsoRead(@Nullable String what) {
            if (what == null || detail != null && java.util.Arrays.asList(detail.split(", ")).contains(what)) {
                return this;
            }
            return new Line(at, actorId, actorRole, action, caseId, detail == null ? what : detail + ", " + what);
        }
    }

    /** Appends an entry in the current transaction; the chain stays locked until that transaction ends. */
    public AuditEntry append(Instant at, @Nullable UserId actorId, @Nullable Role actorRole, String action,
            @Nullable CaseId caseId, @Nullable String detail) {
        return appendAll(List.of(new Line(at, actorId, actorRole, action, caseId, detail))).getFirst();
    }

    /** Appends several entries with one lock, one read of the chain's head and one insert, whatever their number. */
    public List<AuditEntry> appendAll(List<Line> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query((rs, n) -> 1).list();
        record Head(long sequence, String hash) {
        }
        Head head = jdbc.sql("select sequence, hash from audit_events order by sequence desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(new Head(0, GENESIS));
        List<AuditEntry> entries = new java.util.ArrayList<>(lines.size());
        long sequence = head.sequence();
        String previous = head.hash();
        for (Line line : lines) {
            sequence++;
            // Microsecond precision, as PostgreSQL stores it, so the hash can be recomputed from the row.
            Instant stored = line.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            String hash = hash(sequence, stored, line.actorId(), line.actorRole(), line.action(), line.caseId(),
                    line.detail(), previous);
            entries.add(new AuditEntry(sequence, stored, line.actorId(), line.actorRole(), line.action(),
                    line.caseId(), line.detail(), previous, hash));
            previous = hash;
        }
        StringBuilder sql = new StringBuilder("""
                insert into audit_events (sequence, occurred_at, actor_id, actor_role, action, case_id, detail,
                    previous_hash, hash) values\s""");
        List<Object> params = new java.util.ArrayList<>(entries.size() * 9);
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            params.addAll(java.util.Arrays.asList(e.sequence(), Timestamp.from(e.at()),
                    e.actorId() == null ? null : e.actorId().value(),
                    e.actorRole() == null ? null : e.actorRole().name(), e.action(),
                    e.caseId() == null ? null : e.caseId().value(), e.detail(), e.previousHash(), e.hash()));
        }
        jdbc.sql(sql.toString()).params(params).update();
        return entries;
    }

    public List<AuditEntry> ofCase(CaseId caseId) {
        return jdbc.sql("select * from audit_events where case_id = ? order by sequence")
                .param(caseId.value())
                .query((rs, n) -> entry(rs))
                .list();
    }

    /** The case's entries of one action, oldest first. */
    public List<AuditEntry> ofCase(CaseId caseId, String action) {
        return jdbc.sql("select * from audit_events where case_id = ? and action = ? order by sequence")
                .params(caseId.value(), action)
                .query((rs, n) -> entry(rs))
                .list();
    }

    public List<AuditEntry> all() {
        return jdbc.sql("select * from audit_events order by sequence").query((rs, n) -> entry(rs)).list();
    }

    /** The first sequence number whose row does not match its hash or its predecessor, or -1 when the chain holds. */
    public long firstBrokenLink() {
        String previous = GENESIS;
        long expected = 1;
        for (AuditEntry e : all()) {
            String recomputed = hash(e.sequence(), e.at(), e.actorId(), e.actorRole(), e.action(), e.caseId(),
                    e.detail(), e.previousHash());
            if (e.sequence() != expected || !e.previousHash().equals(previous) || !recomputed.equals(e.hash())) {
                return e.sequence();
            }
            previous = e.hash();
            expected++;
        }
        return -1;
    }

    private static AuditEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        UUID actor = rs.getObject("actor_id", UUID.class);
        UUID caseId = rs.getObject("case_id", UUID.class);
        String role = rs.getString("actor_role");
        return new AuditEntry(rs.getLong("sequence"), rs.getTimestamp("occurred_at").toInstant(),
                actor == null ? null : new UserId(actor), role == null ? null : Role.valueOf(role),
                rs.getString("action"), caseId == null ? null : new CaseId(caseId), rs.getString("detail"),
                rs.getString("previous_hash"), rs.getString("hash"));
    }

    static String hash(long sequence, Instant at, @Nullable UserId actorId, @Nullable Role actorRole, String action,
            @Nullable CaseId caseId, @Nullable String detail, String previousHash) {
        StringBuilder canonical = new StringBuilder()
                .append(sequence).append('\u001f')
                .append(at).append('\u001f')
                .append(actorId == null ? "" : actorId).append('\u001f')
                .append(actorRole == null ? "" : actorRole.name()).append('\u001f')
                .append(action).append('\u001f')
                .append(caseId == null ? "" : caseId).append('\u001f')
                .append(detail == null ? "\u0000" : detail).append('\u001f')
                .append(previousHash);
        return Sha256.hex(canonical.toString());
    }
}
