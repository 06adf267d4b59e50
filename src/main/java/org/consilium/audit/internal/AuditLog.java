package org.consilium.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.consilium.audit.AuditEntry;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit entries. Writing takes no lock: each transaction inserts its own entries, and {@link AuditChain} links
 * them afterwards, in order, one chainer at a time. The app's database role may only insert and read.
 */
@Repository
public class AuditLog {

    static final String COLUMNS = """
            id, occurred_at, actor_id, actor_role, on_behalf_of, action, case_id, outcome, rule, detail, \
            client_address, user_agent, listed_cases""";

    /** An entry about the case, or a list page that showed it: each side served by its own index. */
    private static final String OF_CASE = "(case_id = ? or listed_cases @> array[cast(? as uuid)])";

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What is to be written; the database gives it its id. */
    public record Line(Instant at, @Nullable UserId actorId, @Nullable Role actorRole, @Nullable UserId onBehalfOf,
            String action, @Nullable CaseId caseId, String outcome, @Nullable String rule, @Nullable String detail,
            @Nullable String clientAddress, @Nullable String userAgent, List<CaseId> listedCases) {

        public Line {
            listedCases = List.copyOf(listedCases);
        }

        /** The same line for a list page that showed these cases. */
        public Line listing(List<CaseId> cases) {
            return new Line(at, actorId, actorRole, onBehalfOf, action, caseId, outcome, rule, detail, clientAddress,
                    userAgent, cases);
        }

        /** The same read, also covering {@code what}: details joined by ", ", each named once. */
        public Line alsoRead(@Nullable String what) {
            if (what == null || detail != null && Arrays.asList(detail.split(", ")).contains(what)) {
                return this;
            }
            return new Line(at, actorId, actorRole, onBehalfOf, action, caseId, outcome, rule,
                    detail == null ? what : detail + ", " + what, clientAddress, userAgent, listedCases);
        }
    }

    /** Inserts the lines in one statement, whatever their number, in the current transaction. */
    public void appendAll(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("""
                insert into audit_entries (occurred_at, actor_id, actor_role, on_behalf_of, action, case_id, outcome,
                    rule, detail, client_address, user_agent, listed_cases) values\s""");
        List<Object> params = new ArrayList<>(lines.size() * 12);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            params.addAll(Arrays.asList(Timestamp.from(l.at().truncatedTo(ChronoUnit.MICROS)),
                    l.actorId() == null ? null : l.actorId().value(),
                    l.actorRole() == null ? null : l.actorRole().name(),
                    l.onBehalfOf() == null ? null : l.onBehalfOf().value(), l.action(),
                    l.caseId() == null ? null : l.caseId().value(), l.outcome(), l.rule(), l.detail(),
                    l.clientAddress(), l.userAgent(), l.listedCases().isEmpty() ? null
                            : l.listedCases().stream().map(CaseId::value).toArray(UUID[]::new)));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** The case's entries, those of list pages that showed it included, oldest first. */
    public List<AuditEntry> ofCase(CaseId caseId) {
        return jdbc.sql("select " + COLUMNS + " from audit_entries where " + OF_CASE + " order by id")
                .params(caseId.value(), caseId.value())
                .query((rs, n) -> entry(rs))
                .list();
    }

    /** The case's entries of one action, oldest first. */
    public List<AuditEntry> ofCase(CaseId caseId, String action) {
        return jdbc.sql("select " + COLUMNS + " from audit_entries where " + OF_CASE + " and action = ? order by id")
                .params(caseId.value(), caseId.value(), action)
                .query((rs, n) -> entry(rs))
                .list();
    }

    /** The most recent entries of one action, newest first, for tests and operators. */
    public List<AuditEntry> latest(String action, int limit) {
        return jdbc.sql("select " + COLUMNS + " from audit_entries where action = ? order by id desc limit ?")
                .params(action, limit)
                .query((rs, n) -> entry(rs))
                .list();
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                userId(rs, "actor_id"), role(rs.getString("actor_role")), userId(rs, "on_behalf_of"),
                rs.getString("action"), caseId(rs), rs.getString("outcome"), rs.getString("rule"),
                rs.getString("detail"), rs.getString("client_address"), rs.getString("user_agent"),
                listedCases(rs));
    }

    private static List<CaseId> listedCases(ResultSet rs) throws SQLException {
        java.sql.Array listed = rs.getArray("listed_cases");
        if (listed == null) {
            return List.of();
        }
        // A null element can only have been written around the app; dropped, it breaks the entry's MAC, as it should.
        return Arrays.stream((UUID[]) listed.getArray()).filter(java.util.Objects::nonNull).map(CaseId::new).toList();
    }

    private static @Nullable UserId userId(ResultSet rs, String column) throws SQLException {
        UUID value = rs.getObject(column, UUID.class);
        return value == null ? null : new UserId(value);
    }

    private static @Nullable CaseId caseId(ResultSet rs) throws SQLException {
        UUID value = rs.getObject("case_id", UUID.class);
        return value == null ? null : new CaseId(value);
    }

    private static @Nullable Role role(@Nullable String name) {
        return name == null ? null : Role.valueOf(name);
    }
}
