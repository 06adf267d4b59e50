-- The name a record came under, when its extension said another type than the record's bytes (a JPEG named scan.pdf).
alter table records_records add column named_as text;
