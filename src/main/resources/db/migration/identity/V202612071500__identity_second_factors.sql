-- A second factor: the shared key of an authenticator app (TOTP, RFC 6238), sealed under a key derived from the master
-- key (a copy of the database cannot make codes), with the last step whose code was used, so no code counts twice.
-- Enrolment writes the key unconfirmed; it counts once a first code proves the app holds it.
create table identity_totp (
    account_id     uuid primary key references identity_accounts (id),
    secret_sealed  bytea       not null,
    created_at     timestamptz not null,
    confirmed_at   timestamptz,
    last_used_step bigint      not null default 0
);

-- One-time recovery codes, for a lost phone: 80 random bits each, only their SHA-256 kept; a used one is marked, never
-- deleted, until a new set replaces them all.
create table identity_recovery_codes (
    account_id uuid        not null references identity_accounts (id),
    code_hash  bytea       not null,
    created_at timestamptz not null,
    used_at    timestamptz,
    primary key (account_id, code_hash)
);
