-- Device access: profiles (payload mappings), the device registry with hashed credentials,
-- the dead-letter store of ingestion, and bulk-import jobs. Other modules hold device ids,
-- never foreign keys into this schema; department and division are plain ids here too.
create schema if not exists devices;

create table devices.profiles (
  id            text primary key,
  name          text not null,
  description   text not null default '',
  -- NGSI-LD entity type (short name) of the entities fed by devices of this profile
  entity_type   text not null,
  -- mqtt | http | any
  protocol      text not null default 'any',
  -- JSONata expression from the vendor payload to { ts?, values } (null = the flat ThingsBoard shape)
  expression    text,
  -- attribute name -> { unitCode?, type?, min?, max? }; strict = only these attributes are accepted
  attributes    jsonb not null default '{}',
  strict        boolean not null default false,
  inactivity_s  int not null default 600,
  builtin       boolean not null default false,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table devices.devices (
  id              text primary key,
  name            text not null,
  profile_id      text not null,
  department_id   text,
  division_code   text,
  lon             double precision,
  lat             double precision,
  entity_id       text not null,
  entity_type     text not null,
  -- sha256 of the device token (also its MQTT password, or its MQTT username ThingsBoard-style)
  token_hash      text not null unique,
  vendor          text,
  model           text,
  firmware        text,
  tags            text[] not null default '{}',
  -- never | online | offline
  status          text not null default 'never',
  status_reason   text,
  last_seen_at    timestamptz,
  status_at       timestamptz,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index devices_division_idx on devices.devices (division_code, id);
create index devices_department_idx on devices.devices (department_id, id);
create index devices_profile_idx on devices.devices (profile_id, id);
create index devices_status_idx on devices.devices (status, last_seen_at);

-- Everything ingestion could not store as observations, with the reason; replayable.
create table devices.dead_letters (
  id            bigserial primary key,
  received_at   timestamptz not null default now(),
  transport     text not null,
  device_id     text,
  topic         text,
  reason_code   text not null,
  reason        text not null,
  payload       bytea not null,
  replayed_at   timestamptz,
  replay_result text
);
create index dead_letters_received_idx on devices.dead_letters (received_at desc, id desc);
create index dead_letters_device_idx on devices.dead_letters (device_id, id desc);

create table devices.import_jobs (
  id           text primary key,
  file_name    text not null,
  status       text not null default 'running',
  total        int not null default 0,
  processed    int not null default 0,
  created      int not null default 0,
  updated      int not null default 0,
  failed       int not null default 0,
  errors       jsonb not null default '[]',
  created_by   text,
  created_at   timestamptz not null default now(),
  finished_at  timestamptz
);
