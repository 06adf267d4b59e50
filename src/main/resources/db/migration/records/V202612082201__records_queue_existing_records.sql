-- Records added before processing existed get their text and thumbnail (and a scan, where a scanner is configured).
insert into records_processing (record_id, case_id, queued_at, next_attempt_at)
select id, case_id, now(), now() from records_records where voided_at is null;
