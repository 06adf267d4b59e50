-- Personal access tokens, for integrations: named by their owner, read-only or read-write, expiring within a year,
-- listed and revoked by their owner (never deleted before they expire). Only SHA-256 of each token is kept.
create table identity_personal_tokens (
    id           uuid primary key,
    account_id   uuid        not null references identity_accounts (id),
    name         text        not null,
    scope        text        not null check (scope in ('READ', 'WRITE')),
    token_hash   bytea       not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    check (expires_at > created_at)
);
create index identity_personal_tokens_account on identity_personal_tokens (account_id, created_at desc);
