-- Hourly rollups leave the synchronous write path. The history writer appends, in the same
-- statement (and transaction) as the history rows, one queue row per new history row holding the
-- cells that were new; a worker folds queued rows into ngsi.rollup_hour and deletes them in ONE
-- statement, so every point is counted exactly once (it is either still queued or rolled up,
-- never both, never neither). The worker folds an hour once it is over (late points, and points
-- queued more than an hour ago, at its next pass), so a device reporting every minute costs one
-- rollup row per attribute and hour instead of sixty updates of it. Aggregation queries read
-- rollup_hour plus the queue, so answers never wait for the worker.
create table ngsi.rollup_queue (
  id        bigserial primary key,
  tenant    text not null,
  entity_id text not null,
  ts        timestamptz not null,
  -- rollup retention class (days)
  ret       int not null,
  -- the new cells of the history row: { "<attr IRI>[ <datasetId>]": { "v": …, "u"?: … } }
  vals      jsonb not null,
  queued_at timestamptz not null default now()
);
-- aggregation queries read the queued points of the entities they ask for
create index rollup_queue_entity_idx on ngsi.rollup_queue (tenant, entity_id);

-- Room on each page for the next version of an entity row: the latest-state update touches no
-- indexed column, so with free space on the page it is a HOT update (no index entries written).
alter table ngsi.entities set (fillfactor = 50);
