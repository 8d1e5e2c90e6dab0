import type { Queryable } from '@zhicheng/kernel';
import type { Instance } from '../model/types.js';
import type { HistoryKeys } from './history-keys.js';

/** One data point of one attribute instance. */
export interface HistoryPoint {
  tenant: string;
  entityId: string;
  /** Expanded type of the entity (for the per-type statistics). */
  type: string;
  /** Epoch ms of observedAt (or of the change when the attribute has none). */
  ts: number;
  /** Retention classes (days) of history and rollups for the entity's type. */
  ret: number;
  rollupRet: number;
  /** Attribute IRI, plus " <datasetId>" for a non-default instance. */
  key: string;
  /** The stored history cell: { v, k?, u? } (and m, epoch ms recorded, when merged into an older row). */
  cell: Record<string, unknown>;
}

/** The history cell of an instance: its value, its kind when not Property, its unit. */
export function cellOf(i: Instance): Record<string, unknown> {
  const cell: Record<string, unknown> = {
    v: i.type === 'Relationship' || i.type === 'ListRelationship' ? i.object : i.type === 'LanguageProperty' ? i.languageMap : i.type === 'VocabProperty' ? i.vocab : i.type === 'JsonProperty' ? i.json : i.value,
  };
  if (i.type !== 'Property') cell.k = i.type;
  if (i.unitCode) cell.u = i.unitCode;
  return cell;
}

/**
 * The insert that marks the (entity, hour) of the rows of `from` (a CTE with tenant, entity_id,
 * ts, ret, rret) as pending for the hourly rollups. An hour already marked is only locked, not
 * rewritten (`do update … where false` locks the row and changes nothing): the fold job skips
 * marks a writer holds, so it never folds an hour while rows of it are still uncommitted
 * (migration 0009). Sorted, so concurrent writers lock marks in one order.
 */
const MARK_PENDING = (from: string) => `
       insert into ngsi.rollup_pending as p (tenant, entity_id, hour, ret, rret)
       select distinct tenant, entity_id, date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00'), ret, rret from ${from}
       order by 1, 2, 3, 4, 5
       on conflict (tenant, entity_id, hour, ret, rret) do update set ret = excluded.ret where false`;

export const historyKey = (iri: string, datasetId?: string) => (datasetId ? `${iri} ${datasetId}` : iri);

/**
 * One history row: every attribute of one entity at one instant. Plain numbers as codes and
 * values (`nk`, `nv`, migration 0010), every other cell in `attrs` (history key → cell).
 */
export type HistoryRow = {
  tenant: string; entityId: string; type: string; ts: number; ret: number; rollupRet: number;
  attrs: Record<string, unknown> | null; nk: number[]; nv: number[];
};

/** What a history write also feeds: the per-type point counters and the plain-number codes. */
export interface HistorySink {
  counter?: TypeCounter;
  keys: HistoryKeys;
}

/**
 * Appends points: one row per (entity, instant) with every attribute of that instant, and
 * marks the (entity, hour) of each new row as pending for the hourly rollups (the fold job
 * recomputes them from the history, see rollup-job.ts). Idempotent: a point already recorded
 * (same entity, instant, attribute and datasetId) is kept as first written and marks nothing.
 * Returns the number of points that were new.
 *
 * Two steps, because almost every row is new: first every row is inserted with ON CONFLICT
 * DO NOTHING (and their hours marked) in one statement; only the rows that were there already
 * (a redelivered message, a second attribute at the same instant) go through the merging
 * statement, which looks up what was recorded before. Looking every row up first cost an
 * extra index probe per row (measured: 67 of 142 ms for 1,000 rows).
 */
export async function appendHistory(q: Queryable, points: HistoryPoint[], sink: HistorySink): Promise<number> {
  if (!points.length) return 0;
  // Rows keyed by (tenant, entity, ts, ret): a statement may not touch one row twice.
  const rows = new Map<string, { row: HistoryRow; cells: Record<string, Record<string, unknown>> }>();
  for (const p of points) {
    const k = `${p.tenant}\u0000${p.entityId}\u0000${p.ts}\u0000${p.ret}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { row: { tenant: p.tenant, entityId: p.entityId, type: p.type, ts: p.ts, ret: p.ret, rollupRet: p.rollupRet, attrs: null, nk: [], nv: [] }, cells: {} }));
    // Within one batch the later point wins (grouped requests at one instant); across batches the first recorded stays.
    r.cells[p.key] = p.cell;
  }
  const unknown: [string, string][] = [];
  for (const { row, cells } of rows.values()) placeCells(row, cells, sink.keys, unknown);
  // Codes are assigned outside this transaction (a rolled-back code must not be cached): these cells went in as jsonb.
  if (unknown.length) sink.keys.learn(unknown);
  return appendHistoryRows(q, [...rows.values()].map((r) => r.row), sink);
}

/**
 * Puts each cell in its row: a plain number whose code is known into `nk`/`nv`, anything else
 * into `attrs`. The (key, unit) of plain numbers without a code yet are added to `unknown`.
 */
export function placeCells(row: HistoryRow, cells: Record<string, Record<string, unknown>>, keys: HistoryKeys, unknown: [string, string][]): void {
  for (const key in cells) {
    const cell = cells[key]!;
    const unit = plainNumberUnit(cell);
    if (unit !== null) {
      const code = keys.code(key, unit);
      if (code !== undefined) {
        row.nk.push(code);
        row.nv.push(cell.v as number);
        continue;
      }
      unknown.push([key, unit]);
    }
    (row.attrs ??= {})[key] = cell;
  }
}

/** The unit ('' for none) of a cell that is a plain number (`{v: number, u?: string}`), else null. */
export function plainNumberUnit(cell: Record<string, unknown>): string | null {
  if (typeof cell.v !== 'number' || !Number.isFinite(cell.v)) return null;
  let n = 1;
  if (cell.u !== undefined) {
    if (typeof cell.u !== 'string') return null;
    n++;
  }
  for (const _ in cell) if (--n < 0) return null;
  return (cell.u as string | undefined) ?? '';
}

const cellCount = (r: HistoryRow) => r.nk.length + (r.attrs ? Object.keys(r.attrs).length : 0);

/**
 * The same for points already grouped into rows (the ingestion path builds them directly: no
 * object per data point). At most one row per (tenant, entity, ts, ret) in one call.
 */
export async function appendHistoryRows(q: Queryable, list: HistoryRow[], sink: HistorySink): Promise<number> {
  if (!list.length) return 0;
  // Columns as arrays: the plain numbers as array literals ("{3,4}", "{16.2,35}"), which
  // PostgreSQL reads far faster than jsonb (20,000 rows of ten numbers: ~280 ms for the whole
  // statement against ~630 ms with jsonb cells keyed by IRI, measured); only other cells are
  // sent as json text. (A json document of the whole batch was tried before: one jsonb parse of
  // everything, the largest cost.)
  const n = list.length;
  const tenants = new Array<string>(n), ids = new Array<string>(n), ts = new Array<string>(n), rets = new Array<number>(n), rrets = new Array<number>(n);
  const attrs = new Array<string | null>(n), nk = new Array<string | null>(n), nv = new Array<string | null>(n);
  // Devices report on the same seconds: the text of an instant is made once per call.
  const isoOf = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const r = list[i]!;
    tenants[i] = r.tenant;
    ids[i] = r.entityId;
    let iso = isoOf.get(r.ts);
    if (iso === undefined) isoOf.set(r.ts, (iso = new Date(r.ts).toISOString()));
    ts[i] = iso;
    rets[i] = r.ret;
    rrets[i] = r.rollupRet;
    attrs[i] = r.attrs ? JSON.stringify(r.attrs) : null;
    nk[i] = r.nk.length ? `{${r.nk.join(',')}}` : null;
    nv[i] = r.nk.length ? `{${r.nv.join(',')}}` : null;
  }
  const inserted = await q.query<{ idx: number }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[]) with ordinality
         as t(tenant, entity_id, ts, ret, rret, attrs, nk, nv, idx)
     ), ins as (
       -- recorded_at: when these instances entered the history (their createdAt/modifiedAt)
       insert into ngsi.history (tenant, entity_id, ts, ret, attrs, nk, nv, recorded_at)
       select tenant, entity_id, ts, ret, attrs::jsonb, nk::int[], nv::float8[], now() from input
       on conflict (tenant, entity_id, ts, ret) do nothing
       returning tenant, entity_id, ts, ret
     ), fresh as (
       select i.idx, i.tenant, i.entity_id, i.ts, i.ret, i.rret from ins join input i using (tenant, entity_id, ts, ret)
     ), pending as (${MARK_PENDING('fresh')})
     select idx::int from fresh`,
    [tenants, ids, ts, rets, rrets, attrs, nk, nv],
  );
  const counts = new Map<string, { tenant: string; type: string; fresh: number }>();
  const isNew = new Uint8Array(n);
  for (const { idx } of inserted) {
    const r = list[idx - 1]!;
    isNew[idx - 1] = 1;
    const k = `${r.tenant}\n${r.type}`;
    const c = counts.get(k) ?? { tenant: r.tenant, type: r.type, fresh: 0 };
    c.fresh += cellCount(r);
    counts.set(k, c);
  }
  const again = list.filter((_, i) => !isNew[i]);
  const merged = again.length ? await mergeIntoRecorded(q, again, sink.keys) : [];
  const all = [...counts.values(), ...merged];
  sink.counter?.add(all);
  return all.reduce((s, r) => s + r.fresh, 0);
}

/**
 * Rows whose (entity, instant) was recorded before: attributes not recorded yet (in either
 * form) are added to the row's jsonb cells (with their own recording time) and its hour marked
 * for the rollups; the others are left as first written. Returns the new points per type.
 */
async function mergeIntoRecorded(q: Queryable, list: HistoryRow[], keys: HistoryKeys): Promise<{ tenant: string; type: string; fresh: number }[]> {
  // Rare (redeliveries): the new cells all as jsonb, plain numbers rebuilt from their codes.
  const cellsOf = (r: HistoryRow) => {
    const cells: Record<string, unknown> = { ...r.attrs };
    r.nk.forEach((code, i) => {
      const { key, unit } = keys.pairOf(code)!;
      cells[key] = unit ? { v: r.nv[i], u: unit } : { v: r.nv[i] };
    });
    return cells;
  };
  return q.query<{ tenant: string; type: string; fresh: number }>(
    `with input as (
       select tenant, entity_id, ts, ret, rret, attrs_text::jsonb as attrs, type
       from unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::text[])
         as t(tenant, entity_id, ts, ret, rret, attrs_text, type)
     ), prev as (
       -- the keys recorded in each row, in both forms
       select h.tenant, h.entity_id, h.ts, h.ret,
              array(select jsonb_object_keys(coalesce(h.attrs, '{}'::jsonb))) || array(select k.key from unnest(h.nk) c join ngsi.history_keys k on k.code = c) as known
       from ngsi.history h
       join input i on h.tenant = i.tenant and h.entity_id = i.entity_id and h.ts = i.ts and h.ret = i.ret
       -- constant lists let the planner prune to the partitions touched (a join alone scans them all)
       where h.ts = any($3::timestamptz[]) and h.ret = any($4::int[])
     ), ins as (
       -- An attribute added later to a row already recorded carries its own recording time in its cell ("m", epoch ms).
       insert into ngsi.history as h (tenant, entity_id, ts, ret, attrs, recorded_at)
       select tenant, entity_id, ts, ret, attrs, now() from input
       on conflict (tenant, entity_id, ts, ret) do update set attrs = coalesce(h.attrs, '{}'::jsonb) || (
         select coalesce(jsonb_object_agg(n.key, n.value || jsonb_build_object('m', floor(extract(epoch from now()) * 1000))), '{}'::jsonb)
         from jsonb_each(excluded.attrs) n
         where not coalesce(h.attrs ? n.key, false)
           and not exists (select 1 from unnest(h.nk) c join ngsi.history_keys k on k.code = c where k.key = n.key))
       where exists (select 1 from jsonb_object_keys(excluded.attrs) n
                     where not coalesce(h.attrs ? n, false)
                       and not exists (select 1 from unnest(h.nk) c join ngsi.history_keys k on k.code = c where k.key = n))
     ), fresh as (
       -- the cells not recorded before (all of them for a row that a concurrent writer removed meanwhile)
       select i.tenant, i.entity_id, i.type, i.ret, i.rret, i.ts,
              case when p.known is null then i.attrs else i.attrs - p.known end as vals
       from input i
       left join prev p on p.tenant = i.tenant and p.entity_id = i.entity_id and p.ts = i.ts and p.ret = i.ret
     ), pending as (${MARK_PENDING("fresh where vals <> '{}'::jsonb")})
     select tenant, type, sum((select count(*) from jsonb_object_keys(vals)))::int as fresh from fresh group by tenant, type`,
    [
      list.map((r) => r.tenant), list.map((r) => r.entityId), list.map((r) => new Date(r.ts).toISOString()),
      list.map((r) => r.ret), list.map((r) => r.rollupRet), list.map((r) => JSON.stringify(cellsOf(r))), list.map((r) => r.type),
    ],
    // Planned with its values: the `= any(...)` lists are then constants, tested by hash and used
    // to prune partitions; a generic plan would test each row against the whole list. (When every
    // row took this statement, the ingest bench with 40,000-row batches once crawled at 132
    // messages/s; the cause was not isolated, this is the likely one.)
    { prepare: false },
  );
}

/**
 * New history points per type, summed in memory and written once a second: a counter row
 * updated inside every write transaction would serialise all writers of a type on its lock.
 * A crash loses at most the last second of counts (statistics, not data).
 */
export function createTypeCounter(db: Queryable) {
  const pending = new Map<string, { tenant: string; type: string; n: number }>();
  const flush = async () => {
    if (!pending.size) return;
    const rows = [...pending.values()];
    pending.clear();
    await db.query(
      `insert into ngsi.type_stats as s (tenant, type, points) select * from unnest($1::text[], $2::text[], $3::int8[])
       on conflict (tenant, type) do update set points = s.points + excluded.points`,
      [rows.map((r) => r.tenant), rows.map((r) => r.type), rows.map((r) => r.n)],
    );
  };
  return {
    add(rows: { tenant: string; type: string; fresh: number }[]) {
      for (const r of rows) {
        const k = `${r.tenant}\n${r.type}`;
        const p = pending.get(k);
        if (p) p.n += r.fresh;
        else pending.set(k, { tenant: r.tenant, type: r.type, n: r.fresh });
      }
    },
    flush,
  };
}

export type TypeCounter = ReturnType<typeof createTypeCounter>;
