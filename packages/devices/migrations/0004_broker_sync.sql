-- Device credentials waiting to be pushed to an external Mosquitto (dynamic-security plugin,
-- ZC_MQTT_DYNSEC=on). One row per device, the latest change wins; the MQTT password is kept
-- sealed with the platform's secret key only until the broker has it, then the row goes.
create table devices.broker_sync (
  device_id    text primary key,
  -- upsert (create the client and its role, or replace its password) | delete
  op           text not null,
  secret_sealed text,
  -- bumped by every change: a delivered row is removed only if nothing changed meanwhile
  version      bigint not null default 1,
  attempts     int not null default 0,
  next_at      timestamptz not null default now(),
  last_error   text,
  updated_at   timestamptz not null default now()
);
create index broker_sync_due_idx on devices.broker_sync (next_at);
