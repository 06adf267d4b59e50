create table identity_accounts (
    id                     uuid primary key,
    email                  text        not null unique,
    display_name           text        not null,
    role                   text        not null,
    password_hash          text        not null,
    privacy_notice_version text        not null,
    terms_version          text        not null,
    accepted_at            timestamptz not null,
    created_at             timestamptz not null
);

create table identity_access_tokens (
    token_hash bytea primary key,
    account_id uuid        not null references identity_accounts (id),
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index identity_access_tokens_account on identity_access_tokens (account_id);

create table identity_case_grants (
    account_id uuid        not null references identity_accounts (id),
    case_id    uuid        not null,
    reason     text        not null,
    granted_at timestamptz not null,
    revoked_at timestamptz,
    primary key (account_id, case_id, reason)
);
create index identity_case_grants_case on identity_case_grants (case_id);
