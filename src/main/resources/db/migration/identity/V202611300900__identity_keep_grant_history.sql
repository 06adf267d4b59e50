-- Grants keep their history: every grant is a row of its own, stamped when it is revoked, never overwritten.
-- A grant may expire, and carries the time of its case's last activity so that case lists can page through an
-- account's grants in the lists' order from an index, without loading them all.
alter table identity_case_grants drop constraint identity_case_grants_pkey;
alter table identity_case_grants
    add column id             bigint generated always as identity,
    add column granted_by     uuid,
    add column expires_at     timestamptz,
    add column revoked_by     uuid,
    add column case_active_at timestamptz;
alter table identity_case_grants add primary key (id);
