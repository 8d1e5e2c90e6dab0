-- Administrative divisions (GB/T 2260 codes, NBS 9-digit township codes) and their boundaries.
-- Geometry is GeoJSON in jsonb (WGS84/CGCS2000) with a native `box` for index pre-filtering:
-- PGlite has no PostGIS, so exact tests run in process with turf after the box narrows rows.
create schema if not exists geo;

create table geo.divisions (
  code        text primary key,
  name        text not null,
  level       text not null check (level in ('province', 'prefecture', 'county', 'township', 'village')),
  parent_code text,
  -- codes from the root of the loaded tree down to this division, for subtree filters
  path        text[] not null,
  center_lon  double precision,
  center_lat  double precision,
  bbox        box,
  boundary    jsonb,
  area_km2    double precision,
  source      text not null,
  updated_at  timestamptz not null default now()
);

create index divisions_parent_idx on geo.divisions (parent_code);
create index divisions_level_idx on geo.divisions (level);
create index divisions_path_idx on geo.divisions using gin (path);
create index divisions_bbox_idx on geo.divisions using gist (bbox);
