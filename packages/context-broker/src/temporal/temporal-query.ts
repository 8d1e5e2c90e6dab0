import type { Queryable } from '@zhicheng/kernel';
import { NgsiError } from '../errors.js';
import { cellSql, codesOf } from './history-cells.js';
import { rollupsCurrent } from './rollup-job.js';
import { ROLLUP_METHODS, type AggrMethod, type Period, type TemporalParams } from './temporal-params.js';

export interface HistoryInstance {
  /** The instant of the instance (its observedAt, or the write time when it had none). */
  ts: Date;
  /** When the instance was recorded: its createdAt and modifiedAt (history instances never change). */
  recorded: Date;
  cell: { v: unknown; k?: string; u?: string };
}

/**
 * SQL for the time an instance is selected and ordered by: its instant (observedAt), or when it
 * was recorded (createdAt/modifiedAt: the cell's own time when merged later, else the row's;
 * rows older than the recorded_at column count as recorded at their instant).
 */
export function timeColumn(p: Pick<TemporalParams, 'timeproperty'>, alias: string, keyParam: string): string {
  const a = alias ? `${alias}.` : '';
  if (p.timeproperty === 'observedAt') return `${a}ts`;
  return `coalesce(to_timestamp((${a}attrs->${keyParam}::text->>'m')::float8 / 1000), ${a}recorded_at, ${a}ts)`;
}

/** Without lastN an attribute answers at most this many instances (newest kept). */
export const MAX_INSTANCES = 10_000;
const HOUR = 3_600_000;
/** Calendar days start at midnight Asia/Shanghai (UTC+8, no daylight saving). */
const SHANGHAI_ORIGIN = '1970-01-01T00:00:00+08:00';

function timeFilter(p: TemporalParams, col: string, params: unknown[]): string {
  if (p.timerel === 'before') return ` and ${col} < $${params.push(p.timeAt!.toISOString())}::timestamptz`;
  if (p.timerel === 'after') return ` and ${col} >= $${params.push(p.timeAt!.toISOString())}::timestamptz`;
  if (p.timerel === 'between') return ` and ${col} >= $${params.push(p.timeAt!.toISOString())}::timestamptz and ${col} < $${params.push(p.endTimeAt!.toISOString())}::timestamptz`;
  return '';
}

/** Instances of each history key for each entity, newest first when lastN, else in time order. */
export async function loadInstances(q: Queryable, tenant: string, ids: string[], keys: string[], p: TemporalParams): Promise<Map<string, Map<string, HistoryInstance[]>>> {
  const out = new Map<string, Map<string, HistoryInstance[]>>();
  const codes = await codesOf(q, keys);
  for (const key of keys) {
    const params: unknown[] = [tenant, ids, key];
    const c = cellSql('h', '$3', codes.get(key)!, params);
    const n = p.lastN ?? MAX_INSTANCES;
    const t = timeColumn(p, 'h', '$3');
    const rows = await q.query<{ entity_id: string; ts: Date; rec: Date; cell: HistoryInstance['cell'] }>(
      `select entity_id, ts, rec, cell from (
         select h.entity_id, h.ts, ${timeColumn({ timeproperty: 'modifiedAt' }, 'h', '$3')} as rec, ${c.cell} as cell,
                row_number() over (partition by h.entity_id order by ${t} desc, h.ts desc) as rn
         from ngsi.history h where h.tenant = $1 and h.entity_id = any($2::text[]) and ${c.has}${timeFilter(p, t, params)}
       ) x where rn <= $${params.push(n)} order by entity_id, ${p.timeproperty === 'observedAt' ? 'ts' : 'rec, ts'}`,
      params,
    );
    const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));
    for (const r of rows) {
      let m = out.get(r.entity_id);
      if (!m) out.set(r.entity_id, (m = new Map()));
      let l = m.get(key);
      if (!l) m.set(key, (l = []));
      l.push({ ts: date(r.ts), recorded: date(r.rec), cell: r.cell });
    }
  }
  return out;
}

export type Aggregates = Partial<Record<AggrMethod, [number | null, string, string][]>>;

function bucketExpr(period: Period, col: string, params: unknown[], p: TemporalParams): string {
  if (period.kind === 'fixed') return `date_bin($${params.push(`${period.ms / 1000} seconds`)}::interval, ${col}, $${params.push(period.ms % 86_400_000 === 0 ? SHANGHAI_ORIGIN : '1970-01-01T00:00:00Z')}::timestamptz)`;
  if (period.kind === 'months') {
    if (period.n !== 1 && period.n !== 12) throw new NgsiError('OperationNotSupported', 'Calendar aggregation periods are P1M or P1Y.');
    return `(date_trunc('${period.n === 12 ? 'year' : 'month'}', ${col}, 'Asia/Shanghai'))`;
  }
  return `$${params.push((p.timeAt ?? new Date(0)).toISOString())}::timestamptz`;
}

function bucketEnd(period: Period, start: Date, p: TemporalParams): Date {
  if (period.kind === 'fixed') return new Date(start.getTime() + period.ms);
  if (period.kind === 'months') {
    // Shanghai has no daylight saving: shift to local, add months, shift back.
    const local = new Date(start.getTime() + 8 * HOUR);
    local.setUTCMonth(local.getUTCMonth() + period.n);
    return new Date(local.getTime() - 8 * HOUR);
  }
  return p.endTimeAt ?? new Date();
}

/** Rollups answer when every method is derivable and the period and range edges are whole hours. */
export function canUseRollups(p: TemporalParams): boolean {
  // Rollups are kept by instant (observedAt) only.
  if (p.timeproperty !== 'observedAt' || !p.aggr || !p.aggr.methods.every((m) => ROLLUP_METHODS.has(m))) return false;
  const per = p.aggr.period;
  if (per.kind === 'fixed' && per.ms % HOUR !== 0) return false;
  const aligned = (d: Date | null) => !d || d.getTime() % HOUR === 0;
  return aligned(p.timeAt) && aligned(p.endTimeAt);
}

/**
 * aggregatedValues: per entity and history key, one [value, start, end] per period and method.
 * From the hourly rollups (with the raw history of the hours still pending for them) when `canUseRollups`, otherwise from the raw history.
 */
export async function aggregate(q: Queryable, tenant: string, ids: string[], keys: string[], p: TemporalParams): Promise<{ values: Map<string, Map<string, Aggregates>>; fromRollups: boolean }> {
  const aggr = p.aggr!;
  const rollups = canUseRollups(p);
  const out = new Map<string, Map<string, Aggregates>>();
  const codes = await codesOf(q, keys);
  for (const key of keys) {
    const params: unknown[] = [tenant, ids, key];
    let sql: string;
    if (rollups) {
      const current = rollupsCurrent(cellSql('h', '$3', codes.get(key)!, params).number);
      const b = bucketExpr(aggr.period, 'r.bucket', params, p);
      sql = `select r.entity_id, ${b} as b, sum(r.n)::float8 as n, sum(r.n)::float8 as nx, sum(r.sum) as s, sum(r.sumsq) as ss, min(r.min) as mn, max(r.max) as mx, null::float8 as dc
             from ${current} r where true${timeFilter(p, 'r.bucket', params)}
             group by r.entity_id, b order by r.entity_id, b`;
    } else {
      const c = cellSql('hh', '$3', codes.get(key)!, params);
      const b = bucketExpr(aggr.period, 'h.ts', params, p);
      const t = timeColumn(p, 'hh', '$3');
      sql = `select h.entity_id, ${b} as b, count(h.v)::float8 as n, count(h.x)::float8 as nx, sum(h.x) as s, sum(h.x * h.x) as ss, min(h.x) as mn, max(h.x) as mx, count(distinct h.v)::float8 as dc
             from (select hh.entity_id, ${t} as ts, ${c.value} as v, ${c.number} as x
                   from ngsi.history hh where hh.tenant = $1 and hh.entity_id = any($2::text[]) and ${c.has}${timeFilter(p, t, params)}) h
             group by h.entity_id, b order by h.entity_id, b`;
    }
    const rows = await q.query<{ entity_id: string; b: Date; n: number; nx: number; s: number | null; ss: number | null; mn: number | null; mx: number | null; dc: number | null }>(sql, params);
    for (const r of rows) {
      const start = r.b instanceof Date ? r.b : new Date(r.b);
      const range: [string, string] = [start.toISOString(), bucketEnd(aggr.period, start, p).toISOString()];
      let m = out.get(r.entity_id);
      if (!m) out.set(r.entity_id, (m = new Map()));
      let a = m.get(key);
      if (!a) m.set(key, (a = {}));
      for (const method of aggr.methods) {
        const v = valueOf(method, r);
        (a[method] ??= []).push([v, ...range]);
      }
    }
  }
  return { values: out, fromRollups: rollups };
}

function valueOf(m: AggrMethod, r: { n: number; nx: number; s: number | null; ss: number | null; mn: number | null; mx: number | null; dc: number | null }): number | null {
  switch (m) {
    case 'totalCount':
      return r.n;
    case 'distinctCount':
      return r.dc;
    case 'sum':
      return r.s;
    case 'sumsq':
      return r.ss;
    case 'min':
      return r.mn;
    case 'max':
      return r.mx;
    case 'avg':
      return r.s === null || !r.nx ? null : r.s / r.nx;
    case 'stddev': {
      // Sample standard deviation (as PostgreSQL's stddev), from n, Σx and Σx².
      if (r.s === null || r.ss === null || r.nx < 2) return null;
      return Math.sqrt(Math.max(0, (r.ss - (r.s * r.s) / r.nx) / (r.nx - 1)));
    }
  }
}
