-- The audit trail in two parts, so that writing a row takes no lock. A request inserts its entries in its own
-- transaction; a single chainer (one at a time across app instances) then links committed entries in order into
-- audit_chain, each link a keyed MAC over the whole entry and the link before. Signed checkpoints of the chain's
-- head make a cut tail visible. The app's role may only insert and read these tables.
create table audit_entries (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null,
    actor_id       uuid,
    actor_role     text,
    on_behalf_of   uuid,
    action         text        not null,
    case_id        uuid,
    outcome        text        not null,
    rule           text,
    detail         text,
    client_address text,
    user_agent     text
);
create index audit_entries_case on audit_entries (case_id, action, id) where case_id is not null;

create table audit_chain (
    position      bigint primary key,
    entry_id      bigint      not null unique references audit_entries (id),
    key_id        text        not null,
    entry_mac     text        not null,
    previous_hash text        not null,
    hash          text        not null,
    chained_at    timestamptz not null
);

create table audit_checkpoints (
    id         bigint generated always as identity primary key,
    position   bigint      not null,
    head_hash  text        not null,
    made_at    timestamptz not null,
    key_id     text        not null,
    signature  text        not null
);

-- The first trail's rows, chained without a key, stay as they were; their content is carried into the new trail.
alter table audit_events rename to audit_events_legacy;
alter index audit_events_case rename to audit_events_legacy_case;
