-- Invitations are kept apart from accounts, so that an invitation to an address that has an account looks, to the
-- administrators who sent it, like any invitation not yet accepted: nothing tells them the address was taken.
create table identity_invitations (
    id            uuid primary key,
    email         text        not null,
    display_name  text        not null,
    role          text        not null,
    invited_by    uuid        not null,
    invited_at    timestamptz not null,
    expires_at    timestamptz not null,
    -- the account made for the invitation; null when the address had one already (it is never accepted)
    account_id    uuid references identity_accounts (id),
    accepted_at   timestamptz,
    -- sent again: a newer invitation to the same address took its place
    superseded_at timestamptz,
    check (expires_at > invited_at)
);
create index identity_invitations_pending on identity_invitations (email)
    where accepted_at is null and superseded_at is null;
create index identity_invitations_account on identity_invitations (account_id) where account_id is not null;

-- The invitations sent before this table existed: accounts made for someone and not yet accepted.
insert into identity_invitations (id, email, display_name, role, invited_by, invited_at, expires_at, account_id)
select gen_random_uuid(), email, display_name, role, invited_by, created_at, created_at + interval '3 days', id
from identity_accounts
where invited_by is not null and email_verified_at is null;
