-- A record's details beside its file: what it is about (description) and who issued it (origin: a hospital, a lab),
-- where source says how it reached the case. Voiding already keeps when, who and why; it now keeps as what role too.
-- The scan state says whether the content was checked for malware (UNSCANNED: nobody checked; PENDING; CLEAN;
-- INFECTED: quarantined, never served; UNSCANNABLE: too large for the scanner). A thumbnail is a blob of its own.
alter table records_records
    add column description       text,
    add column origin            text,
    add column voided_by_role    text,
    add column scan_state        text not null default 'UNSCANNED',
    add column scan_finding      text,
    add column scanned_at        timestamptz,
    add column thumbnail_blob_id uuid references records_blobs (id);

-- Every change of a record's details but its category (records_category_changes keeps those): one row per field
-- changed, never overwritten.
create table records_detail_changes (
    id              bigint generated always as identity primary key,
    record_id       uuid        not null references records_records (id),
    case_id         uuid        not null,
    field           text        not null,
    from_value      text,
    to_value        text,
    changed_by      uuid        not null,
    changed_by_role text        not null,
    changed_at      timestamptz not null
);
create index records_detail_changes_case on records_detail_changes (case_id, id);

-- The text extracted from a record's content, to search within its case. Stored like the case's other clinical free
-- text (PostgreSQL, as typed); the words are indexed with the 'simple' configuration, which favours no language.
create table records_texts (
    record_id    uuid primary key references records_records (id),
    case_id      uuid        not null,
    content      text        not null,
    words        tsvector generated always as (to_tsvector('simple', content)) stored,
    extracted_at timestamptz not null
);
create index records_texts_case on records_texts (case_id);
create index records_texts_words on records_texts using gin (words);

-- Work to do on a record after it is added (malware scan, text, thumbnail), one row each, taken by one app instance
-- at a time under a lease and deleted when done; a scanner that cannot be reached puts it off with a growing wait.
create table records_processing (
    record_id       uuid primary key references records_records (id),
    case_id         uuid        not null,
    queued_at       timestamptz not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    claimed_until   timestamptz,
    last_error      text
);
create index records_processing_due on records_processing (next_attempt_at);
