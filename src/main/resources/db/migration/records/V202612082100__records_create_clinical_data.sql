-- What imported records (FHIR R4 bundles, C-CDA documents) held, as rows of their case, each pointing at the record
-- it came from. Reads join records_records and keep only records that are not voided, so a voided record's data leaves
-- the clinical summary with it; nothing here is deleted.

-- One row per imported record: its format, and what of it was not imported, counted by what it is.
create table records_clinical_imports (
    record_id   uuid primary key references records_records (id),
    case_id     uuid        not null,
    format      text        not null,
    imported_at timestamptz not null,
    skipped     jsonb       not null
);
create index records_clinical_imports_case on records_clinical_imports (case_id);

-- Conditions, medications, allergies and procedures (kind). noted is ISO 8601 text at the source's precision (a year,
-- a day or a time); noted_at the instant it starts, for ordering.
create table records_clinical_items (
    id        bigint generated always as identity primary key,
    case_id   uuid not null,
    record_id uuid not null references records_records (id),
    kind      text not null,
    code      text,
    system    text,
    display   text not null,
    status    text,
    noted     text,
    noted_at  timestamptz,
    detail    text
);
create index records_clinical_items_case on records_clinical_items (case_id, kind);

-- Lab results and vital signs: a number (value_number) or, when the result is not one, a text (value_text); the
-- reference range the source gave with it; the source's interpretation code (H, L, N, ...); when it was taken.
create table records_lab_values (
    id             bigint generated always as identity primary key,
    case_id        uuid    not null,
    record_id      uuid    not null references records_records (id),
    code           text,
    system         text,
    display        text    not null,
    unit           text,
    value_number   numeric,
    value_text     text,
    range_low      numeric,
    range_high     numeric,
    range_text     text,
    interpretation text,
    at             timestamptz,
    constraint records_lab_values_value check (value_number is not null or value_text is not null)
);
create index records_lab_values_case on records_lab_values (case_id);

-- Documents carried inside an imported bundle (a DocumentReference's attachment) become records of their own; this
-- says which import each came from and which resource in it.
create table records_imported_documents (
    record_id        uuid primary key references records_records (id),
    case_id          uuid not null,
    import_record_id uuid not null references records_records (id),
    reference        text not null
);
create index records_imported_documents_import on records_imported_documents (import_record_id);
