-- A voided record always says who voided it and why: a row voided without them would be unreadable as a record.
alter table records_records add constraint records_records_void_complete
    check (voided_at is null or (voided_by is not null and void_reason is not null));
