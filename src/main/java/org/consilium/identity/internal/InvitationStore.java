package org.consilium.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.consilium.identity.Role;
import org.consilium.shared.UserId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Invitations of staff, apart from the accounts made for them (an invitation to a taken address makes none). */
@Repository
public class InvitationStore {

    private final JdbcClient jdbc;

    InvitationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An invitation as stored. */
    public record InvitationRow(UUID id, String email, String displayName, Role role, UserId invitedBy,
            Instant invitedAt, Instant expiresAt, @Nullable UserId accountId, @Nullable Instant acceptedAt) {
    }

    private static final String COLUMNS = "id, email, display_name, role, invited_by, invited_at, expires_at, "
            + "account_id, accepted_at";

    /** Stores an invitation, superseding any earlier one to the address that is still pending. */
    public UUID insert(String email, String displayName, Role role, UserId invitedBy, Instant now, Instant expiresAt,
            @Nullable UserId accountId) {
        jdbc.sql("""
                update identity_invitations set superseded_at = ?
                where email = ? and accepted_at is null and superseded_at is null
                """).params(Timestamp.from(now), email).update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into identity_invitations
                    (id, email, display_name, role, invited_by, invited_at, expires_at, account_id)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .params(id, email, displayName, role.name(), invitedBy.value(), Timestamp.from(now),
                        Timestamp.from(expiresAt), accountId == null ? null : accountId.value())
                .update();
        return id;
    }

    /** The pending invitation, if it is one (not accepted, not superseded). */
    public Optional<InvitationRow> pending(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from identity_invitations where id = ? and accepted_at is null "
                + "and superseded_at is null").param(id).query(InvitationStore::row).optional();
    }

    /** Every invitation not accepted and not superseded, newest first: the administrators' list. */
    public List<InvitationRow> allPending() {
        return jdbc.sql("select " + COLUMNS + " from identity_invitations where accepted_at is null "
                + "and superseded_at is null order by invited_at desc").query(InvitationStore::row).list();
    }

    /** Marks the account's pending invitation accepted, and answers it. */
    public Optional<InvitationRow> accept(UserId account, Instant now) {
        return jdbc.sql("update identity_invitations set accepted_at = ? where account_id = ? and accepted_at is null "
                + "and superseded_at is null returning " + COLUMNS)
                .params(Timestamp.from(now), account.value())
                .query(InvitationStore::row)
                .optional();
    }

    /** As {@link #accept}, only while the invitation has not expired: single sign-on has no link to expire with it. */
    public Optional<InvitationRow> acceptLive(UserId account, Instant now) {
        return jdbc.sql("update identity_invitations set accepted_at = ? where account_id = ? and accepted_at is null "
                + "and superseded_at is null and expires_at > ? returning " + COLUMNS)
                .params(Timestamp.from(now), account.value(), Timestamp.from(now))
                .query(InvitationStore::row)
                .optional();
    }

    private static InvitationRow row(ResultSet rs, int n) throws SQLException {
        UUID account = rs.getObject("account_id", UUID.class);
        Timestamp accepted = rs.getTimestamp("accepted_at");
        return new InvitationRow(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), new UserId(rs.getObject("invited_by", UUID.class)),
                rs.getTimestamp("invited_at").toInstant(), rs.getTimestamp("expires_at").toInstant(),
                account == null ? null : new UserId(account), accepted == null ? null : accepted.toInstant());
    }
}
