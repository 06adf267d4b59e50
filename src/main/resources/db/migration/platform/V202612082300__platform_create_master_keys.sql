-- The master keys by version. The keys themselves live outside the database (settings or the secrets folder); a
-- version is known here by its key id, a fingerprint that reveals nothing of the key. States: NEXT (known, wraps
-- nothing yet), CURRENT (wraps every new data key; exactly one), RETIRING (a rotation is moving its keys to the current
-- version), RETIRED (nothing is wrapped under it any more).
create table platform_master_keys (
    version    integer     primary key,
    key_id     text        not null unique,
    state      text        not null check (state in ('NEXT', 'CURRENT', 'RETIRING', 'RETIRED')),
    added_at   timestamptz not null,
    changed_at timestamptz not null
);
create unique index platform_master_keys_one_current on platform_master_keys ((state)) where state = 'CURRENT';

-- The service's long-lived secrets (the audit chain's key, the account secrets' key), sealed under a master key
-- version; a rotation seals them again under the new version, so they outlive every master key.
create table platform_service_secrets (
    purpose     text        primary key,
    key_version integer     not null references platform_master_keys (version),
    nonce       bytea       not null,
    sealed      bytea       not null,
    sealed_at   timestamptz not null
);
