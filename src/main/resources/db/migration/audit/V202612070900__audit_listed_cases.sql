-- A page of a case list is one audit entry naming every case it showed, rather than one entry per case: a coordinator
-- paging through a list wrote fifty entries (and fifty chain links) a page. Each case's access log still finds the
-- page through the GIN index.
alter table audit_entries add column listed_cases uuid[];
create index audit_entries_listed on audit_entries using gin (listed_cases) where listed_cases is not null;
