package org.consilium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.consilium.identity.CaseActivity;
import org.consilium.identity.Grant;
import org.consilium.identity.GrantReason;
import org.consilium.identity.GrantedCase;
import org.consilium.shared.CaseId;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Per-case access grants, with their history: a grant is a row of its own, stamped when it ends, never overwritten.
 * An account holds at most one live grant per case (a unique index says so); a grant that expired is stamped as ended
 * at its expiry the next time the account is granted the case again.
 */
@Repository
public class GrantStore {

    /** A live grant: not revoked, not expired. {@code :now} is the request's time. */
    private static final String LIVE = "revoked_at is null and (expires_at is null or expires_at > :now)";

    private final JdbcClient jdbc;

    GrantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Grants the case to the account for this reason. A live grant for the same reason is kept as it is (unless this one
     * has a different expiry); a live grant for another reason ends now, replaced by this one.
     */
    public void grant(UserId account, CaseId caseId, GrantReason reason, UserId grantedBy, Instant now,
            @Nullable Instant expiresAt, Instant caseActiveAt) {
        grant(account, caseId, reason, grantedBy, now, expiresAt, caseActiveAt, null);
    }

    /**
     * As {@link #grant(UserId, CaseId, GrantReason, UserId, Instant, Instant, Instant)}, with the rights a delegate's
     * grant carries ({@link org.consilium.identity.DelegateRight#store}); a live grant with other rights is replaced.
     */
    public void grant(UserId account, CaseId caseId, GrantReason reason, UserId grantedBy, Instant now,
            @Nullable Instant expiresAt, Instant caseActiveAt, @Nullable String rights) {
        jdbc.sql("""
                update identity_case_grants set revoked_at = expires_at
                where account_id = :account and case_id = :case and revoked_at is null and expires_at <= :now
                """)
                .param("account", account.value()).param("case", caseId.value()).param("now", Timestamp.from(now))
                .update();
        int kept = jdbc.sql("select count(*) from identity_case_grants where account_id = :account and case_id = :case"
                        + " and reason = :reason and expires_at is not distinct from :expires"
                        + " and rights is not distinct from :rights and " + LIVE)
                .param("account", account.value()).param("case", caseId.value()).param("reason", reason.name())
                .param("expires", expiresAt == null ? null : Timestamp.from(expiresAt))
                .param("rights", rights)
                .param("now", Timestamp.from(now))
                .query(Integer.class).single();
        if (kept > 0) {
            return;
        }
        if (reason != GrantReason.DELEGATE && reason != GrantReason.BREAK_GLASS) {
            // Someone the patient let in, or who opened the case in an emergency, is not made part of its care team
            // (an offer to the patient's own doctor, a triage by a coordinator who is their caregiver): that would
            // silently end the access the patient gave, and mix roles the patient did not choose.
            Set<GrantReason> held = liveReasons(account, caseId, now);
            if (held.contains(GrantReason.DELEGATE) || held.contains(GrantReason.BREAK_GLASS)) {
                throw new org.consilium.shared.IllegalTransitionException("this person holds the case as someone "
                        + (held.contains(GrantReason.DELEGATE) ? "the patient let in" : "who opened it by emergency "
                                + "access") + "; they cannot also be part of its care team");
            }
        }
        jdbc.sql("""
                update identity_case_grants set revoked_at = :now, revoked_by = :by
                where account_id = :account and case_id = :case and revoked_at is null
                """)
                .param("account", account.value()).param("case", caseId.value()).param("now", Timestamp.from(now))
                .param("by", grantedBy.value())
                .update();
        jdbc.sql("""
                insert into identity_case_grants
                    (account_id, case_id, reason, granted_at, granted_by, expires_at, case_active_at, rights)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(account.value(), caseId.value(), reason.name(), Timestamp.from(now), grantedBy.value(),
                        expiresAt == null ? null : Timestamp.from(expiresAt), Timestamp.from(caseActiveAt), rights)
                .update();
    }

    /** Ends the account's live grant for this reason, if it has one. */
    public void revoke(UserId account, CaseId caseId, GrantReason reason, UserId revokedBy, Instant now) {
        jdbc.sql("""
                update identity_case_grants set revoked_at = :now, revoked_by = :by
                where account_id = :account and case_id = :case and reason = :reason and revoked_at is null
                """)
                .param("account", account.value()).param("case", caseId.value()).param("reason", reason.name())
                .param("now", Timestamp.from(now)).param("by", revokedBy.value())
                .update();
    }

    /** Ends every live grant on the case for one of these reasons, whoever holds it. */
    public void revokeAll(CaseId caseId, Set<GrantReason> reasons, UserId revokedBy, Instant now) {
        jdbc.sql("""
                update identity_case_grants set revoked_at = :now, revoked_by = :by
                where case_id = :case and reason = any(:reasons) and revoked_at is null
                """)
                .param("case", caseId.value())
                .param("reasons", reasons.stream().map(Enum::name).toArray(String[]::new))
                .param("now", Timestamp.from(now)).param("by", revokedBy.value())
                .update();
    }

    /** Why the account may see the case now: empty, or the one reason of its live grant. */
    public Set<GrantReason> liveReasons(UserId account, CaseId caseId, Instant now) {
        return live(account, caseId, now).reasons();
    }

    /** The account's live grant on the case: its reason, and the rights a delegate's carries; empty when none. */
    public org.consilium.identity.LiveGrant live(UserId account, CaseId caseId, Instant now) {
        return jdbc.sql("select reason, rights from identity_case_grants where account_id = :account and case_id = :case"
                        + " and " + LIVE)
                .param("account", account.value()).param("case", caseId.value()).param("now", Timestamp.from(now))
                .query((rs, n) -> new org.consilium.identity.LiveGrant(
                        EnumSet.of(GrantReason.valueOf(rs.getString(1))),
                        rs.getString(2) == null ? Set.of() : org.consilium.identity.DelegateRight.restore(
                                rs.getString(2))))
                .optional().orElse(org.consilium.identity.LiveGrant.NONE);
    }

    /**
     * One page of the cases the account holds live grants for, most recent activity first, strictly after the cursor:
     * an index range scan, however many grants the account holds.
     */
    public List<GrantedCase> page(UserId account, @Nullable CaseActivity after, int limit, Instant now) {
        // Two statements rather than "no cursor or after it": a prepared statement's generic plan cannot start the
        // index scan at the cursor when the condition may be void, and would filter every row before it.
        String afterCursor = after == null ? "" : "and (case_active_at, case_id) < (:afterAt, :afterId)";
        return jdbc.sql("""
                select case_id, case_active_at, reason from identity_case_grants
                where account_id = :account and revoked_at is null and (expires_at is null or expires_at > :now)
                  %s
                order by case_active_at desc, case_id desc
                limit :limit
                """.formatted(afterCursor))
                .param("account", account.value())
                .param("now", Timestamp.from(now))
                .param("afterAt", after == null ? null : Timestamp.from(after.activeAt()))
                .param("afterId", after == null ? null : after.caseId().value())
                .param("limit", limit)
                .query((rs, n) -> new GrantedCase(new CaseId(rs.getObject(1, UUID.class)),
                        rs.getTimestamp(2).toInstant(), GrantReason.valueOf(rs.getString(3))))
                .list();
    }

    /** Moves the case's live grants to the case's new time of activity, which orders case lists. */
    public void caseActive(CaseId caseId, Instant at) {
        jdbc.sql("update identity_case_grants set case_active_at = ? where case_id = ? and revoked_at is null")
                .params(Timestamp.from(at), caseId.value())
                .update();
    }

    /** Every grant ever made on the case, oldest first. */
    public List<Grant> history(CaseId caseId) {
        return jdbc.sql("""
                select account_id, case_id, reason, granted_at, granted_by, expires_at, revoked_at, revoked_by
                from identity_case_grants where case_id = ? order by id
                """)
                .param(caseId.value())
                .query((rs, n) -> grant(rs))
                .list();
    }

    private static Grant grant(ResultSet rs) throws SQLException {
        return new Grant(new UserId(rs.getObject("account_id", UUID.class)),
                new CaseId(rs.getObject("case_id", UUID.class)), GrantReason.valueOf(rs.getString("reason")),
                rs.getTimestamp("granted_at").toInstant(), new UserId(rs.getObject("granted_by", UUID.class)),
                instant(rs, "expires_at"), instant(rs, "revoked_at"), userId(rs, "revoked_by"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable UserId userId(ResultSet rs, String column) throws SQLException {
        UUID value = rs.getObject(column, UUID.class);
        return value == null ? null : new UserId(value);
    }
}
