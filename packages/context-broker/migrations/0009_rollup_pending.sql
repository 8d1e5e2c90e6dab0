-- Hourly rollups are computed from the history itself, no longer from a copy of it.
--
-- Before: every history row was written twice — into ngsi.history and, with the same cells,
-- into ngsi.rollup_queue (a heap row with its jsonb, two index entries and a sequence value) —
-- and the queue rows were deleted again when folded. Now a write only marks the (entity, hour)
-- it touched as pending: one small row per entity and hour, inserted at the hour's first write
-- and only locked (not rewritten) by the later ones. The fold job recomputes a pending hour's
-- rollups from the history rows of that entity and hour (idempotent: it replaces them), then
-- deletes the mark. Aggregation queries read the rollups of hours not pending plus the raw
-- history of the pending ones, so answers are exact at once.
--
-- Concurrency (rollup-job.ts, history-writer.ts): a writer locks the marks of the hours it
-- writes (insert … on conflict do update … where false: the row is locked, not updated) in the
-- transaction that adds the history rows. The fold takes marks with FOR UPDATE SKIP LOCKED —
-- never those of a writer still in flight — and reads the history in a later statement of its
-- transaction, so it sees every row written before the mark it holds; a writer that comes
-- after waits for the fold's commit and then inserts a new mark.
create table ngsi.rollup_pending (
  tenant    text not null,
  entity_id text not null,
  -- start of the UTC hour (Asia/Shanghai is a whole-hour offset)
  hour      timestamptz not null,
  -- retention classes (days) of the history rows and of their rollups
  ret       int not null,
  rret      int not null,
  primary key (tenant, entity_id, hour, ret, rret)
);
-- the fold job takes the oldest hours first
create index rollup_pending_hour_idx on ngsi.rollup_pending (hour);

-- What was still queued becomes pending: the fold recomputes those hours from the history,
-- which holds every queued point (and those already folded into the same hours).
insert into ngsi.rollup_pending (tenant, entity_id, hour, ret, rret)
select distinct q.tenant, q.entity_id, date_bin('1 hour', q.ts, timestamptz '2000-01-01 00:00:00+00'), h.ret, q.ret
from ngsi.rollup_queue q
join ngsi.history h on h.tenant = q.tenant and h.entity_id = q.entity_id and h.ts = q.ts
on conflict do nothing;

drop table ngsi.rollup_queue;
