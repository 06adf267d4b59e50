alter table identity_case_grants
    alter column granted_by set not null,
    alter column case_active_at set not null;

-- At most one live grant per account and case: a change of reason revokes the old grant and adds a new one.
create unique index identity_case_grants_live on identity_case_grants (account_id, case_id)
    where revoked_at is null;
-- An account's cases in list order (most recent activity first), for case lists and their cursor pages.
create index identity_case_grants_by_activity
    on identity_case_grants (account_id, case_active_at desc, case_id desc)
    where revoked_at is null;
