-- Rules as data: the current row of each rule and every version it ever had (an edit is a new
-- version row, never an update of an old one). Window and rule state of the engine, snapshotted.
create schema if not exists rules;

create table rules.rules (
  id             text primary key,
  version        int not null,
  department_id  text,
  -- copies of the current version's fields the list filters on
  name           text not null,
  entity_type    text not null,
  kind           text not null,
  enabled        boolean not null,
  division_code  text,
  definition     jsonb not null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  updated_by     text,
  deleted_at     timestamptz
);
create index rules_department_idx on rules.rules (department_id);
create index rules_type_idx on rules.rules (entity_type);

create table rules.rule_versions (
  rule_id     text not null,
  version     int not null,
  definition  jsonb not null,
  change      text not null check (change in ('created', 'updated', 'deleted')),
  created_at  timestamptz not null default now(),
  created_by  text,
  primary key (rule_id, version)
);

create table rules.engine_state (
  rule_id    text not null,
  entity_id  text not null,
  state      jsonb not null,
  primary key (rule_id, entity_id)
);

create table rules.engine_meta (
  key          text primary key,
  snapshot_at  timestamptz not null
);
