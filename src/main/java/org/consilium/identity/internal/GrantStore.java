package org.consilium.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.consilium.identity.GrantReason;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per-case access grants. A revoked grant keeps its row, with the time it ended. */
@Repository
public class GrantStore {

    private final JdbcClient jdbc;

    GrantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void grant(UserId account, CaseId caseId, GrantReason reason, Instant now) {
        jdbc.sql("""
                insert into identity_case_grants (account_id, case_id, reason, granted_at)
                values (?, ?, ?, ?)
                on conflict (account_id, case_id, reason)
                do update set granted_at = excluded.granted_at, revoked_at = null
                """)
                .params(account.value(), caseId.value(), reason.name(), Timestamp.from(now))
                .update();
    }

    public void revoke(UserId account, CaseId caseId, GrantReason reason, Instant now) {
        jdbc.sql("""
                update identity_case_grants set revoked_at = ?
                where account_id = ? and case_id = ? and reason = ? and revoked_at is null
                """)
                .params(Timestamp.from(now), account.value(), caseId.value(), reason.name())
                .update();
    }

    public Map<CaseId, Set<GrantReason>> liveGrantsOf(UserId account) {
        Map<CaseId, Set<GrantReason>> grants = new HashMap<>();
        jdbc.sql("select case_id, reason from identity_case_grants where account_id = ? and revoked_at is null")
                .param(account.value())
                .query(rs -> {
                    grants.computeIfAbsent(new CaseId(rs.getObject(1, UUID.class)),
                            id -> EnumSet.noneOf(GrantReason.class)).add(GrantReason.valueOf(rs.getString(2)));
                });
        return grants;
    }
}
