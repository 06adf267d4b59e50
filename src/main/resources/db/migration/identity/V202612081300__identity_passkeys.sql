-- Passkeys (WebAuthn): a second factor, and a way in on its own, that cannot be phished. Each account gets a random
-- user handle (64 bytes: never its id or address, which an authenticator may show or sync); each passkey keeps its
-- public key (COSE), the authenticator's signature counter, and what its registration returned. A removed passkey is
-- marked, never deleted: who removed it and when stay on record, and it signs nobody in again.
create table identity_passkey_users (
    account_id  uuid primary key references identity_accounts (id),
    user_handle bytea not null unique
);

create table identity_passkeys (
    credential_id           bytea primary key,
    account_id              uuid        not null references identity_accounts (id),
    label                   text        not null,
    public_key_cose         bytea       not null,
    signature_count         bigint      not null,
    uv_initialized          boolean     not null,
    backup_eligible         boolean     not null,
    backup_state            boolean     not null,
    transports              text        not null default '',
    attestation_object      bytea       not null,
    attestation_client_data bytea       not null,
    created_at              timestamptz not null,
    last_used_at            timestamptz,
    removed_at              timestamptz,
    removed_by              uuid references identity_accounts (id)
);

create index identity_passkeys_account on identity_passkeys (account_id) where removed_at is null;

-- The challenge of each ceremony under way, single-use: taken (deleted) when its answer comes back, or purged once
-- expired. Kept in the database, not a session, so an API client and any app instance can finish what another began.
create table identity_passkey_challenges (
    challenge  bytea primary key,
    purpose    text        not null check (purpose in ('register', 'sign-in', 'second-factor', 'step-up')),
    account_id uuid references identity_accounts (id),
    expires_at timestamptz not null
);

create index identity_passkey_challenges_expiry on identity_passkey_challenges (expires_at);
