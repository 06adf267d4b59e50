package org.consilium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.DelegateRight;
import org.consilium.identity.DelegationId;
import org.consilium.identity.Delegations.Delegate;
import org.consilium.identity.Delegations.Kind;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delegations of cases ({@code identity_delegations}); revoked ones are stamped, never deleted. */
@Repository
public class DelegationStore {

    private static final String COLUMNS = "id, account_id, email, display_name, kind, rights, invited_at, revoked_at";

    private final JdbcClient jdbc;

    DelegationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, CaseId caseId, UserId account, UserId invitedBy, String email, String displayName,
            String kind, String rights, Instant now) {
        jdbc.sql("""
                insert into identity_delegations
                    (id, case_id, account_id, invited_by, email, display_name, kind, rights, invited_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id, caseId.value(), account.value(), invitedBy.value(), email, displayName, kind, rights,
                        Timestamp.from(now))
                .update();
    }

    /** The person's live delegation of the case, locked until the transaction ends. */
    public Optional<Delegate> liveOf(CaseId caseId, UserId account) {
        return jdbc.sql("select " + COLUMNS + " from identity_delegations where case_id = ? and account_id = ? "
                        + "and revoked_at is null for update")
                .params(caseId.value(), account.value())
                .query(DelegationStore::row).optional();
    }

    /** One delegation of the case, locked until the transaction ends. */
    public Optional<Delegate> find(CaseId caseId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from identity_delegations where case_id = ? and id = ? for update")
                .params(caseId.value(), id)
                .query(DelegationStore::row).optional();
    }

    public void revoke(DelegationId id, UserId by, Instant now) {
        jdbc.sql("update identity_delegations set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                .params(Timestamp.from(now), by.value(), id.value())
                .update();
    }

    /** Every delegation of the case, newest first. */
    public List<Delegate> ofCase(CaseId caseId) {
        return jdbc.sql("select " + COLUMNS + " from identity_delegations where case_id = ? "
                        + "order by invited_at desc, id")
                .param(caseId.value())
                .query(DelegationStore::row).list();
    }

    private static Delegate row(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Delegate(new DelegationId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("account_id", UUID.class)), rs.getString("email"),
                rs.getString("display_name"), Kind.valueOf(rs.getString("kind")),
                DelegateRight.restore(rs.getString("rights")), rs.getTimestamp("invited_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
