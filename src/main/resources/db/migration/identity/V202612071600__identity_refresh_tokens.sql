-- Refresh tokens rotate on use: each use spends the token and issues a new pair in the same family. A spent token
-- used again means a copy is in someone else's hands, and the whole family (its refresh and access tokens) is
-- revoked. Only SHA-256 of each token is kept. A family lives at most a week from its sign-in.
alter table identity_access_tokens add column family_id uuid;
create index identity_access_tokens_family on identity_access_tokens (family_id) where family_id is not null;

create table identity_refresh_tokens (
    token_hash        bytea primary key,
    account_id        uuid        not null references identity_accounts (id),
    family_id         uuid        not null,
    family_started_at timestamptz not null,
    issued_at         timestamptz not null,
    expires_at        timestamptz not null,
    used_at           timestamptz,
    revoked_at        timestamptz
);
create index identity_refresh_tokens_family on identity_refresh_tokens (family_id);
create index identity_refresh_tokens_account on identity_refresh_tokens (account_id) where revoked_at is null;
create index identity_refresh_tokens_expiry on identity_refresh_tokens (expires_at);
