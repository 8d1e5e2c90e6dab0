-- A dead letter written from a JetStream hand-off carries its source (stream sequence and
-- index in the batch): a redelivered batch does not store it twice.
alter table devices.dead_letters add column source_key text;
create unique index dead_letters_source_idx on devices.dead_letters (source_key);
