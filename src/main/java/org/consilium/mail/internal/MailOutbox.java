package org.consilium.mail.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.consilium.mail.Mail;
import org.consilium.mail.OutgoingMail.Queued;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The queue of outgoing mail ({@code mail_outbox}). */
@Repository
public class MailOutbox {

    /** A mail waiting to be delivered, as a delivery run holds it. */
    record Due(UUID id, Mail mail, int attempts) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    MailOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void queue(Mail mail) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into mail_outbox (id, recipient, subject, body, queued_at, next_attempt_at)
                values (?, ?, ?, ?, ?, ?)
                """)
                .params(UUID.randomUUID(), mail.to(), mail.subject(), mail.text(), now, now)
                .update();
    }

    /**
     * Up to {@code limit} mails due now, locked for the caller's transaction; rows another instance holds are
     * skipped, so instances never send one mail twice.
     */
    List<Due> claimDue(int limit, Instant now) {
        return jdbc.sql("""
                select id, recipient, subject, body, attempts from mail_outbox
                where sent_at is null and given_up_at is null and next_attempt_at <= ?
                order by next_attempt_at
                limit ?
                for update skip locked
                """)
                .params(Timestamp.from(now), limit)
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class),
                        new Mail(rs.getString("recipient"), rs.getString("subject"), rs.getString("body")),
                        rs.getInt("attempts")))
                .list();
    }

    /**
     * Marks the mail sent and forgets its text: a mail's link may be a single-use secret (an invitation, a reset),
     * which must not stay readable in the database once it is in the recipient's mailbox.
     */
    void sent(UUID id, Instant at) {
        jdbc.sql("""
                update mail_outbox set sent_at = ?, attempts = attempts + 1, last_error = null, body = ''
                where id = ?
                """)
                .params(Timestamp.from(at), id)
                .update();
    }

    /**
     * Records a failed attempt; {@code retryAt} null gives the mail up, and forgets its text as a sent mail's is: its
     * link will never be delivered, and must not stay readable.
     */
    void failed(UUID id, Instant at, @Nullable Instant retryAt, String error) {
        jdbc.sql("""
                update mail_outbox
                   set attempts = attempts + 1, last_error = ?,
                       next_attempt_at = coalesce(cast(? as timestamptz), next_attempt_at),
                       given_up_at = case when cast(? as boolean) then cast(? as timestamptz) end,
                       body = case when cast(? as boolean) then '' else body end
                 where id = ?
                """)
                .params(error, retryAt == null ? null : Timestamp.from(retryAt), retryAt == null,
                        Timestamp.from(at), retryAt == null, id)
                .update();
    }

    public List<Queued> recent(int limit) {
        return jdbc.sql("""
                select recipient, subject, queued_at, attempts, sent_at, next_attempt_at, given_up_at, last_error
                from mail_outbox order by queued_at desc, id limit ?
                """)
                .param(limit)
                .query((rs, n) -> new Queued(rs.getString("recipient"), rs.getString("subject"),
                        instant(rs, "queued_at"), rs.getInt("attempts"), instant(rs, "sent_at"),
                        rs.getTimestamp("sent_at") == null && rs.getTimestamp("given_up_at") == null
                                ? instant(rs, "next_attempt_at") : null,
                        instant(rs, "given_up_at"), rs.getString("last_error")))
                .list();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
