-- Resumable (tus) uploads under way: what the upload is for, how far it got, and the ciphertext that does not yet
-- fill a storage part. Its data key is wrapped by the master key, like a blob's; the blob row is made at completion.
create table records_uploads (
    id               uuid primary key,
    case_id          uuid        not null,
    owner_id         uuid        not null,
    category         text        not null,
    filename         text        not null,
    declared_type    text,
    date_of_service  date,
    length           bigint      not null check (length > 0),
    received         bigint      not null default 0 check (received >= 0 and received <= length),
    blob_id          uuid        not null unique,
    -- the master key version that wraps the data key (platform_master_keys), as records_blobs keeps it
    key_version      integer     not null,
    wrapped_key      bytea       not null,
    key_nonce        bytea       not null,
    storage_key      text        not null,
    storage_handle   text        not null,
    -- parts written to storage, and the ciphertext bytes they hold
    parts            integer     not null default 0,
    stored           bigint      not null default 0,
    -- whole encrypted segments waiting to fill a part (object storage only), then the last, partial segment
    pending          bytea,
    tail             bytea,
    lease_token      uuid,
    lease_until      timestamptz,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    -- receiving, then checking once every byte is in, then stored (record_id set) or refused (refusal says why)
    state            text        not null default 'receiving',
    refusal          text,
    record_id        uuid,
    completed_at     timestamptz
);
create index records_uploads_expiry on records_uploads (expires_at) where state in ('receiving', 'checking');
create index records_uploads_key_version on records_uploads (key_version) where state in ('receiving', 'checking');
create index records_uploads_owner on records_uploads (owner_id) where state in ('receiving', 'checking');
