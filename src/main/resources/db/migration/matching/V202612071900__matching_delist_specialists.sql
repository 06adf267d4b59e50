-- A specialist whose account is suspended, or who no longer has the specialist role, is taken off the directory (no
-- case can be offered to them) and put back when the account is reactivated or given the role again. Nothing is
-- deleted: their entry, and every offer they answered, stays.
alter table matching_specialists add column delisted_at timestamptz;
