-- Grants made before history was kept: granted by the account itself (the patient opening, the coordinator
-- triaging, the specialist accepting), except offers, which the case's coordinator made; ordered by the case's last
-- activity. Reads intake's cases once, for this backfill only.
update identity_case_grants g
set granted_by     = coalesce(case when g.reason = 'OFFERED' then c.coordinator_id end, g.account_id),
    case_active_at = c.updated_at
from intake_cases c
where c.id = g.case_id;
update identity_case_grants set granted_by = account_id where granted_by is null;
update identity_case_grants set case_active_at = granted_at where case_active_at is null;

-- Should an account hold two live grants on one case, the newest stays and the older ones end now.
update identity_case_grants g
set revoked_at = now(), revoked_by = g.account_id
where g.revoked_at is null
  and exists (select 1 from identity_case_grants newer
              where newer.account_id = g.account_id and newer.case_id = g.case_id and newer.revoked_at is null
                and newer.id > g.id);
