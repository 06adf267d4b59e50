package org.consilium.intake.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.consilium.identity.Role;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reasons of emergency accesses ({@code intake_break_glass}); never deleted. */
@Repository
public class BreakGlassStore {

    private final JdbcClient jdbc;

    BreakGlassStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One emergency access as the medical directors review it. */
    public record Opening(CaseId caseId, String reference, UserId account, Role role, String reason, Instant openedAt,
            Instant expiresAt) {
    }

    public void insert(CaseId caseId, UserId account, Role role, String reason, Instant openedAt, Instant expiresAt) {
        jdbc.sql("""
                insert into intake_break_glass (id, case_id, account_id, role, reason, opened_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """)
                .params(UUID.randomUUID(), caseId.value(), account.value(), role.name(), reason,
                        Timestamp.from(openedAt), Timestamp.from(expiresAt))
                .update();
    }

    /** The latest emergency accesses, newest first. */
    public List<Opening> latest(int limit) {
        return jdbc.sql("""
                select b.case_id, c.reference, b.account_id, b.role, b.reason, b.opened_at, b.expires_at
                from intake_break_glass b join intake_cases c on c.id = b.case_id
                order by b.opened_at desc limit ?
                """)
                .param(limit)
                .query((rs, n) -> new Opening(new CaseId(rs.getObject(1, UUID.class)), rs.getString(2),
                        new UserId(rs.getObject(3, UUID.class)), Role.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
