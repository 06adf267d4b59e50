-- The first trail's rows, in their order, become entries of the keyed trail; the chainer links them at the next start.
insert into audit_entries (occurred_at, actor_id, actor_role, action, case_id, outcome, rule, detail)
select occurred_at, actor_id, actor_role, action, case_id,
       case when action = 'AccessDenied' then 'DENIED' else 'OK' end,
       case when action = 'AccessDenied' and strpos(detail, ': ') > 0
            then substr(detail, strpos(detail, ': ') + 2) end,
       case when action = 'AccessDenied' and strpos(detail, ': ') > 0
            then substr(detail, 1, strpos(detail, ': ') - 1) else detail end
from audit_events_legacy
order by sequence;
