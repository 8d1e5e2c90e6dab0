-- NGSI-LD context broker: entities (latest state), time-partitioned history with hourly
-- rollups, subscriptions and the durable notification outbox. Attribute names and entity
-- types are stored EXPANDED (full IRIs) so callers with different @contexts see the same data.
create schema if not exists ngsi;

-- '' is the default tenant (no NGSILD-Tenant header); others appear on their first write.
create table ngsi.tenants (
  name       text primary key,
  created_at timestamptz not null default now()
);
insert into ngsi.tenants (name) values ('');

create table ngsi.entities (
  tenant        text not null,
  id            text not null,
  -- every expanded type; types[1] is the type given first
  types         text[] not null,
  scopes        text[],
  -- default instances: { "<attr IRI>": { "type": "Property", "value": …, "observedAt": …, "<sub-attr IRI>": {…} } }
  attrs         jsonb not null default '{}',
  -- instances with a datasetId: { "<attr IRI>": [ {…, "datasetId": …}, … ] }
  datasets      jsonb,
  -- bounding box of the `location` GeoProperty: the SQL pre-filter for geo-queries (no PostGIS)
  location_box  box,
  department_id text,
  division_code text,
  created_at    timestamptz not null default now(),
  modified_at   timestamptz not null default now(),
  primary key (tenant, id)
);
create index entities_types_idx on ngsi.entities using gin (types);
create index entities_type_first_idx on ngsi.entities (tenant, (types[1]), id);
create index entities_division_idx on ngsi.entities (tenant, division_code, id);
create index entities_department_idx on ngsi.entities (tenant, department_id);
create index entities_location_idx on ngsi.entities using gist (location_box);

-- History: one row per entity and instant, all attributes observed at that instant together
-- (see README "History layout"). Partitioned first by retention class (days, from the
-- entity type's retention setting), then by day, so expiry drops whole partitions.
create table ngsi.history (
  tenant    text not null,
  entity_id text not null,
  ts        timestamptz not null,
  ret       int not null,
  -- { "<attr IRI>" or "<attr IRI> <datasetId>": { "v": value, "k"?: kind when not Property, "u"?: unitCode } }
  attrs     jsonb not null,
  primary key (tenant, entity_id, ts, ret)
) partition by list (ret);

-- Hourly rollups of numeric attributes, maintained on write; days (Asia/Shanghai, a whole-hour
-- offset) and longer periods are sums of hours. Partitioned by retention class, then month.
create table ngsi.rollup_hour (
  tenant    text not null,
  entity_id text not null,
  attr      text not null,
  bucket    timestamptz not null,
  ret       int not null,
  n         bigint not null,
  sum       double precision not null,
  sumsq     double precision not null,
  min       double precision not null,
  max       double precision not null,
  primary key (tenant, entity_id, attr, bucket, ret)
) partition by list (ret);

-- History points recorded per entity type (maintained by the history writer; rows are
-- never counted per type at query time: that would scan the whole history).
create table ngsi.type_stats (
  tenant text not null,
  type   text not null,
  points bigint not null default 0,
  primary key (tenant, type)
);

create table ngsi.subscriptions (
  tenant            text not null,
  id                text not null,
  -- the subscription with expanded names (types, watched attributes, notified attributes)
  body              jsonb not null,
  -- the @context it was created with: notifications are compacted with it
  context           jsonb not null,
  paused            boolean not null default false,
  expires_at        timestamptz,
  throttling_s      double precision,
  department_id     text,
  -- the creator's entities:read scope when created: notifications carry only entities inside it
  read_scope        jsonb not null,
  times_sent        bigint not null default 0,
  times_failed      bigint not null default 0,
  last_notification timestamptz,
  last_success      timestamptz,
  last_failure      timestamptz,
  created_at        timestamptz not null default now(),
  modified_at       timestamptz not null default now(),
  primary key (tenant, id)
);

-- Written in the same transaction as the entity change it reports; drained by the worker.
-- A row leaves only after its notification was delivered (or its subscription removed).
create table ngsi.notification_outbox (
  id              bigserial primary key,
  tenant          text not null,
  subscription_id text not null,
  -- the entity as stored right after the change (expanded), formatted at delivery
  entity          jsonb not null,
  changed         text[] not null,
  created_at      timestamptz not null default clock_timestamp(),
  attempts        int not null default 0,
  next_attempt_at timestamptz not null default now(),
  leased_until    timestamptz,
  last_error      text
);
create index notification_outbox_due_idx on ngsi.notification_outbox (next_attempt_at, id);
create index notification_outbox_sub_idx on ngsi.notification_outbox (tenant, subscription_id);

-- Latest values that never move backwards in time: an instance replaces the stored one only
-- when its observedAt is not older (ISO strings in one format compare as times).
create function ngsi.merge_latest(cur jsonb, patch jsonb) returns jsonb
language sql immutable parallel safe as $$
  select cur || coalesce((
    select jsonb_object_agg(p.key, case when cur ? p.key and cur->p.key ? 'createdAt'
                                        then p.value || jsonb_build_object('createdAt', cur->p.key->'createdAt') else p.value end)
    from jsonb_each(patch) p
    where not (cur ? p.key)
       or coalesce(cur->p.key->>'observedAt', '') <= coalesce(p.value->>'observedAt', '')
  ), '{}'::jsonb)
$$;
