-- Outgoing mail, written in the transaction of what it announces (so a rolled-back invitation sends nothing) and
-- delivered afterwards by any app instance, retried with growing delays. Mails carry links, never clinical content.
create table mail_outbox (
    id              uuid primary key,
    recipient       text        not null,
    subject         text        not null,
    body            text        not null,
    queued_at       timestamptz not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    sent_at         timestamptz,
    given_up_at     timestamptz,
    last_error      text
);
create index mail_outbox_due on mail_outbox (next_attempt_at)
    where sent_at is null and given_up_at is null;
create index mail_outbox_recent on mail_outbox (queued_at desc);
