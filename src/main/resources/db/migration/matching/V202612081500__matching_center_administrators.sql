-- A center's administrators: staff accounts an administrator appointed to invite that center's specialists (its
-- directory entries come with them). An appointment ended is kept, with who ended it and when.
create table matching_center_administrators (
    center_id    uuid        not null references matching_centers (id),
    account_id   uuid        not null,
    appointed_by uuid        not null,
    appointed_at timestamptz not null,
    ended_by     uuid,
    ended_at     timestamptz
);

create unique index matching_center_administrators_current
    on matching_center_administrators (center_id, account_id) where ended_at is null;
create index matching_center_administrators_account
    on matching_center_administrators (account_id) where ended_at is null;

-- When an invited specialist accepted, so a center's page lists only the invitations still waiting.
alter table matching_specialist_invitations add column accepted_at timestamptz;
-- Invitations accepted before this version: their address is a listed specialist's now.
update matching_specialist_invitations i set accepted_at = i.invited_at
where exists (select 1 from identity_accounts a join matching_specialists s on s.account_id = a.id
              where a.email = i.email);
