-- E-mail verification: a self-registered account proves its address by a link before its holder can submit a case.
-- Accounts that existed before verification was introduced keep working: their address counts as verified from the
-- day they were made.
alter table identity_accounts add column email_verified_at timestamptz;
update identity_accounts set email_verified_at = created_at;

-- Bumped whenever the account's password changes (or its access is otherwise cut): a browser session remembers the
-- value it signed in with and ends as soon as the account's value moves on, on whichever app instance it is served.
alter table identity_accounts add column session_epoch int not null default 0;

-- When the holder of an address was last told that someone tried to register it again, so that a stranger
-- registering the address over and over sends at most one such mail an hour.
alter table identity_accounts add column repeat_registration_noticed_at timestamptz;

-- Single-use links mailed to an account holder: confirm the address, reset a forgotten password. Only the SHA-256 of
-- the link's secret is kept, so a copy of the database holds no usable link. A link is spent once used; it is never
-- deleted before it expires, so a replayed link is told apart from a made-up one on the audit trail.
create table identity_account_links (
    token_hash bytea primary key,
    account_id uuid        not null references identity_accounts (id),
    purpose    text        not null check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD')),
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    check (expires_at > issued_at)
);
-- Throttling asks for the newest link of an account and purpose.
create index identity_account_links_account on identity_account_links (account_id, purpose, issued_at desc);
-- The purge deletes links by age.
create index identity_account_links_expiry on identity_account_links (expires_at);
