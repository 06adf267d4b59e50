-- Which master key version wraps each blob's data key. Every blob stored before versions existed is wrapped under
-- the installation's one key, which becomes version 1 at the first start of this version.
alter table records_blobs add column key_version integer not null default 1;
alter table records_blobs alter column key_version drop default;
create index records_blobs_key_version on records_blobs (key_version);
