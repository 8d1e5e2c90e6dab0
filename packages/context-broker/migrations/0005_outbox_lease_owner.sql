-- Who holds an outbox lease, and which worker processes are alive (a heartbeat every few
-- seconds). A lease whose holder stopped beating is free at once, instead of when its time
-- runs out: notifications in flight when a process was killed resume within seconds.
alter table ngsi.notification_outbox add column leased_by text;
create table ngsi.outbox_workers (
  id      text primary key,
  seen_at timestamptz not null default now()
);
