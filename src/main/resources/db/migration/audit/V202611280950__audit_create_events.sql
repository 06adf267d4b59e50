-- Append-only: the application never updates or deletes a row.
create table audit_events (
    sequence      bigint primary key,
    occurred_at   timestamptz not null,
    actor_id      uuid,
    actor_role    text,
    action        text        not null,
    case_id       uuid,
    detail        text,
    previous_hash text        not null,
    hash          text        not null
);
create index audit_events_case on audit_events (case_id, sequence) where case_id is not null;
