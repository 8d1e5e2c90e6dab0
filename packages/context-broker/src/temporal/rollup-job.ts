import type { Logger, Queryable } from '@zhicheng/kernel';

/**
 * Folds queued history points (ngsi.rollup_queue, written with the history) into the hourly
 * rollups. One statement takes up to `limit` queued rows (SKIP LOCKED: several workers share the
 * queue), deletes them and adds their numeric values to ngsi.rollup_hour, so a crash at any point
 * leaves each point either queued or rolled up: durable and counted once. Only points of hours
 * that are over (before `before`, default the start of the current hour) or queued more than an
 * hour ago are taken unless `all`: an hour is then folded once, not once per report.
 * Returns the queue rows folded.
 */
export async function foldRollups(q: Queryable, opts: { limit?: number; all?: boolean; before?: Date } = {}): Promise<number> {
  const before = opts.before ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const r = await q.query<{ n: number }>(
    `with batch as (
       -- Taken entity by entity: a statement then adds many points to each rollup row it
       -- touches. Taken in queue order, 20,000 rows of a busy hour held one or two points of
       -- every device, and each statement upserted ~100,000 rollup rows for them (measured, 10,000
       -- devices, 378,000 queued rows: 40 s in queue order, 15 s entity by entity). The ids go
       -- to the delete as an array so it looks them up by key instead of scanning the queue.
       delete from ngsi.rollup_queue where id = any(array(
         select id from ngsi.rollup_queue where $2::boolean or ts < $3::timestamptz or queued_at < now() - interval '1 hour'
         order by tenant, entity_id
         limit $1 for update skip locked))
       -- the hour of each row (not of each of its cells); date_bin: no time zone looked up per call
       returning tenant, entity_id, ts, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00') as bucket, ret, vals
     ), pts as (
       select b.tenant, b.entity_id, kv.key as attr, b.bucket, b.ret, (kv.value->'v')::float8 as x
       from batch b cross join lateral jsonb_each(b.vals) kv where jsonb_typeof(kv.value->'v') = 'number'
         -- points past their rollup retention are expired anyway (and their month partition may be gone)
         and b.ts >= now() - make_interval(days => b.ret)
     ), rolled as (
       insert into ngsi.rollup_hour as r (tenant, entity_id, attr, bucket, ret, n, sum, sumsq, min, max)
       select tenant, entity_id, attr, bucket, ret, count(*), sum(x), sum(x * x), min(x), max(x)
       from pts group by tenant, entity_id, attr, bucket, ret
       -- one lock order for concurrent workers
       order by tenant, entity_id, attr, bucket, ret
       on conflict (tenant, entity_id, attr, bucket, ret) do update set
         n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq,
         min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
     )
     select count(*)::int as n from batch`,
    [opts.limit ?? 20_000, opts.all ?? false, before.toISOString()],
  );
  return r[0]?.n ?? 0;
}

/**
 * SQL of the hourly rollups of one attribute as they stand: the folded rows plus the queued
 * points not folded yet (one statement, one snapshot: each point is counted once). Columns
 * entity_id, bucket, n, sum, sumsq, min, max. `$1` tenant, `$2` entity ids, `$3` the history key.
 */
export const ROLLUPS_WITH_QUEUE = `(
  select entity_id, bucket, n, sum, sumsq, min, max from ngsi.rollup_hour
  where tenant = $1 and entity_id = any($2::text[]) and attr = $3::text
  union all
  select entity_id, date_trunc('hour', ts, 'UTC') as bucket, 1::bigint as n, x as sum, x * x as sumsq, x as min, x as max
  from (select entity_id, ts, (vals->$3::text->'v')::float8 as x from ngsi.rollup_queue
        where tenant = $1 and entity_id = any($2::text[]) and jsonb_typeof(vals->$3::text->'v') = 'number'
          and ts >= now() - make_interval(days => ret)) qp
)`;

/** The worker loop: folds what is due until none is left, then waits `intervalMs`. */
export function startRollupJob(db: Queryable, log: Logger, opts: { intervalMs?: number } = {}) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      while (!stopped && (await foldRollups(db)) > 0) { /* until empty */ }
    } catch (err) {
      log.error({ err }, 'rollup maintenance failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, opts.intervalMs ?? 30_000);
    timer.unref();
  };
  running = run().finally(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
