-- Record checklists: what a specialist needs in a case's file, per condition, kept as data. A case gets the first
-- checklist whose ICD-10 prefixes match its code, else whose keywords appear in its cancer type, else in its
-- diagnosis, else the checklist that names no terms at all (the general one); see records.ChecklistTemplate.
create table records_checklists (
    key            text primary key,
    position       int    not null unique,
    -- The condition in a patient's words ("breast cancer"), for the case page.
    condition_name text   not null,
    icd10_prefixes text[] not null default '{}',
    keywords       text[] not null default '{}'
);

-- One thing the specialist needs. It is satisfied by any record of the case, not voided, of one of its categories
-- (names of records.RecordCategory). An item with specialties applies only to a case asking for one of them.
create table records_checklist_items (
    checklist_key   text   not null references records_checklists (key),
    item_key        text   not null,
    position        int    not null,
    categories      text[] not null check (cardinality(categories) > 0),
    specialties     text[] not null default '{}',
    patient_words   text   not null,
    specialist_words text  not null,
    primary key (checklist_key, item_key),
    unique (checklist_key, position)
);

-- A coordinator's word that a case can do without an item, with the reason. Withdrawing one stamps it, never deletes
-- it, so every waiver a case had stays readable.
create table records_checklist_waivers (
    id                uuid primary key,
    case_id           uuid        not null,
    item_key          text        not null,
    reason            text        not null,
    waived_by         uuid        not null,
    waived_by_role    text        not null,
    waived_at         timestamptz not null,
    withdrawn_by      uuid,
    withdrawn_by_role text,
    withdrawn_at      timestamptz
);
-- At most one live waiver per item of a case.
create unique index records_checklist_waivers_live on records_checklist_waivers (case_id, item_key)
    where withdrawn_at is null;
create index records_checklist_waivers_case on records_checklist_waivers (case_id, waived_at);
