create table records_blobs (
    id          uuid primary key,
    wrapped_key bytea       not null,
    key_nonce   bytea       not null,
    size        bigint      not null,
    sha256      text        not null,
    storage_key text        not null,
    created_at  timestamptz not null
);

create table records_records (
    id              uuid primary key,
    case_id         uuid        not null,
    category        text        not null,
    source          text        not null,
    filename        text        not null,
    content_type    text        not null,
    size            bigint      not null,
    sha256          text        not null,
    date_of_service date,
    uploaded_by     uuid        not null,
    uploaded_at     timestamptz not null,
    blob_id         uuid        not null references records_blobs (id),
    voided_at       timestamptz,
    voided_by       uuid,
    void_reason     text
);
create index records_records_case on records_records (case_id, uploaded_at);
create index records_records_case_sha on records_records (case_id, sha256);
