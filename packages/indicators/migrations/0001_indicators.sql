-- City vital signs (城市体征): indicators defined as data, and every computed value over time.
create schema if not exists indicators;

create table indicators.definitions (
  id                  text primary key,
  name                jsonb not null,
  description         jsonb,
  unit                text not null,
  owner_department_id text,
  -- { "provider": "alarms.open", "params": { … } }: what to measure and how to aggregate it
  source              jsonb not null,
  per_county          boolean not null default false,
  -- { "direction": "higherIsBetter" | "lowerIsBetter", "warning": n, "critical": n }
  thresholds          jsonb,
  refresh_seconds     int not null default 300,
  enabled             boolean not null default true,
  sort_order          int not null default 0,
  updated_at          timestamptz not null
);

-- One row per computation and scope (the region, or a county); value null = no data.
create table indicators.indicator_values (
  indicator_id text not null,
  scope_code   text not null,
  at           timestamptz not null,
  value        double precision,
  status       text not null check (status in ('ok', 'warning', 'critical', 'no_data')),
  detail       jsonb not null default '{}',
  primary key (indicator_id, scope_code, at)
);
create index indicator_values_latest_idx on indicators.indicator_values (indicator_id, scope_code, at desc);
