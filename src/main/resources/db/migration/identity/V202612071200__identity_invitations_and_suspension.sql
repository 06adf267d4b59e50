-- Staff are invited: an administrator makes their account (role, name, address) and mails a single-use link with
-- which the invitee sets their first password, which also confirms the address.
alter table identity_account_links drop constraint identity_account_links_purpose_check;
alter table identity_account_links add constraint identity_account_links_purpose_check
    check (purpose in ('VERIFY_EMAIL', 'RESET_PASSWORD', 'SET_PASSWORD'));

-- Who made the account for its holder: an administrator's account, or the local operator's id (all zeros, no
-- account) for the first administrator; null for a person who registered themselves.
alter table identity_accounts add column invited_by uuid;

-- A suspended account cannot sign in, and its tokens and sessions ended when it was suspended. Suspension is undone
-- by reactivation; who did either, when and why is on the audit trail, and the current suspension is kept here.
alter table identity_accounts add column suspended_at timestamptz;
alter table identity_accounts add column suspended_by uuid;
alter table identity_accounts add column suspension_reason text;
alter table identity_accounts add constraint identity_accounts_suspension_whole
    check ((suspended_at is null) = (suspended_by is null) and (suspended_at is null) = (suspension_reason is null));

-- The administrators' list of staff is read by role.
create index identity_accounts_role on identity_accounts (role, display_name);
