-- A record's category is changed with a trail: every change is a row of its own (from, to, who, when), never
-- overwritten, while records_records.category holds the current one.
create table records_category_changes (
    id              bigint generated always as identity primary key,
    record_id       uuid        not null references records_records (id),
    case_id         uuid        not null,
    from_category   text        not null,
    to_category     text        not null,
    changed_by      uuid        not null,
    changed_by_role text        not null,
    changed_at      timestamptz not null
);
create index records_category_changes_case on records_category_changes (case_id, id);
