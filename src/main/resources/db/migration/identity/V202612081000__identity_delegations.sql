-- A patient lets others into a case: their local doctor or a caregiver, by e-mail, with the rights the patient chose.
-- The delegate's access is a grant like any other (reason DELEGATE), carrying those rights; revoking the delegation
-- ends the grant, which counts from the delegate's next request. Nothing is deleted.
alter table identity_case_grants add column rights text;

create table identity_delegations (
    id            uuid primary key,
    case_id       uuid        not null,
    account_id    uuid        not null references identity_accounts (id),
    invited_by    uuid        not null references identity_accounts (id),
    email         text        not null,
    display_name  text        not null,
    kind          text        not null check (kind in ('REFERRING_PHYSICIAN', 'CAREGIVER')),
    rights        text        not null,
    invited_at    timestamptz not null,
    revoked_at    timestamptz,
    revoked_by    uuid
);
-- At most one live delegation per person and case: inviting them again with other rights replaces it.
create unique index identity_delegations_live on identity_delegations (case_id, account_id) where revoked_at is null;
create index identity_delegations_case on identity_delegations (case_id, invited_at);
