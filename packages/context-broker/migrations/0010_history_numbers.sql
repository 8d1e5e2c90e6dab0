-- Plain numbers in the history stored as arrays, not as jsonb.
--
-- A telemetry row held ten cells like {"https://smartdatamodels.org/dataModel.Environment/pm25":
-- {"v": 16.2}}: ~900 bytes, of which the attribute IRIs were two thirds, and parsing that jsonb
-- was the largest single cost of an ingest batch in PostgreSQL (a third of its CPU; 20,000 such
-- rows took ~380 ms of jsonb_in alone). A cell that is a plain number (a Property whose value is
-- a number, with or without a unitCode, and nothing else) is now stored as a code in `nk` and
-- its value at the same position in `nv`; the code names the cell's history key (attribute IRI,
-- and " <datasetId>" for a non-default instance) and its unit in ngsi.history_keys. Every
-- other cell stays in `attrs` as before, which is now null when a row holds only numbers.
-- Rows written before this migration keep their jsonb cells: readers take both forms
-- (temporal/history-cells.ts).
create table ngsi.history_keys (
  code serial primary key,
  -- the history key: attribute IRI [+ ' ' + datasetId]
  key  text not null,
  -- the cell's unitCode, '' when it has none
  unit text not null default '',
  unique (key, unit)
);

alter table ngsi.history alter column attrs drop not null;
alter table ngsi.history add column nk int[], add column nv float8[];

-- Every cell of a row as one jsonb object in the stored cell shape ({"v", "u"?, "k"?, "m"?} per
-- history key), for readers that take whole rows (the data hub's history reader).
create function ngsi.history_cells(attrs jsonb, nk int[], nv float8[]) returns jsonb
language sql stable parallel safe as $$
  select coalesce(attrs, '{}'::jsonb) || coalesce((
    select jsonb_object_agg(k.key, case when k.unit = '' then jsonb_build_object('v', u.v) else jsonb_build_object('v', u.v, 'u', k.unit) end)
    from unnest(nk, nv) as u(code, v) join ngsi.history_keys k on k.code = u.code
  ), '{}'::jsonb)
$$;
