-- Uploads under way, one row each, so the number one account may run at once holds across app instances. A row is
-- deleted when its upload ends; one whose instance died first lapses at expires_at and is purged later.
create table records_upload_slots (
    id         uuid primary key,
    account_id uuid        not null,
    started_at timestamptz not null,
    expires_at timestamptz not null
);
create index records_upload_slots_account on records_upload_slots (account_id, expires_at);
create index records_upload_slots_expiry on records_upload_slots (expires_at);
