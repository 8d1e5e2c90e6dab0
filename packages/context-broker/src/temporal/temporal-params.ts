import { badData, NgsiError } from '../errors.js';

export type AggrMethod = 'totalCount' | 'distinctCount' | 'sum' | 'avg' | 'min' | 'max' | 'stddev' | 'sumsq';
export const AGGR_METHODS: readonly AggrMethod[] = ['totalCount', 'distinctCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq'];
/** Methods the hourly rollups can answer (distinctCount needs the raw values). */
export const ROLLUP_METHODS = new Set<AggrMethod>(['totalCount', 'sum', 'avg', 'min', 'max', 'stddev', 'sumsq']);

/** An aggregation period: a fixed length, or calendar months (Asia/Shanghai), or the whole range. */
export type Period = { kind: 'fixed'; ms: number } | { kind: 'months'; n: number } | { kind: 'whole' };

/** The temporal property timerel and lastN refer to (clause 6.3.12 timeproperty). */
export type TimeProperty = 'observedAt' | 'createdAt' | 'modifiedAt';

export interface TemporalParams {
  timeproperty: TimeProperty;
  /** options=sysAttrs: instances carry createdAt and modifiedAt. */
  sysAttrs: boolean;
  timerel: 'before' | 'after' | 'between' | null;
  timeAt: Date | null;
  endTimeAt: Date | null;
  lastN: number | null;
  aggr: { methods: AggrMethod[]; period: Period } | null;
  format: 'normalized' | 'temporalValues' | 'aggregatedValues';
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** ISO 8601 duration → a period. Years and months are calendar periods and cannot mix with days or times. */
export function parseDuration(text: string): Period {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) throw badData(`aggrPeriodDuration ${text} is not an ISO 8601 duration.`);
  const [, y, mo, w, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  if (y || mo) {
    if (w || d || h || mi || s) throw badData('aggrPeriodDuration cannot mix years/months with days or times.');
    return { kind: 'months', n: y! * 12 + mo! };
  }
  const ms = (((w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60_000 + s! * 1000;
  if (ms <= 0) return { kind: 'whole' };
  return { kind: 'fixed', ms };
}

const date = (v: unknown, name: string): Date => {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v)) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) throw badData(`${name} must be an ISO 8601 date-time.`);
  return new Date(v);
};

/** timerel / timeAt / endTimeAt / lastN / options / aggrMethods / aggrPeriodDuration (clause 6.18, 6.19). */
export function parseTemporalParams(q: Record<string, unknown>, options: Set<string>): TemporalParams {
  const timerel = q.timerel === undefined ? null : String(q.timerel);
  if (timerel !== null && timerel !== 'before' && timerel !== 'after' && timerel !== 'between') throw badData('timerel must be before, after or between.');
  if (timerel && q.timeAt === undefined) throw badData('timerel needs timeAt.');
  if (timerel === 'between' && q.endTimeAt === undefined) throw badData('timerel=between needs endTimeAt.');
  const timeproperty = q.timeproperty === undefined ? 'observedAt' : String(q.timeproperty);
  if (timeproperty === 'deletedAt') throw new NgsiError('OperationNotSupported', 'timeproperty=deletedAt is not supported: the history does not record deletions.');
  if (timeproperty !== 'observedAt' && timeproperty !== 'createdAt' && timeproperty !== 'modifiedAt') throw badData('timeproperty must be observedAt, createdAt, modifiedAt or deletedAt.');
  const timeAt = timerel ? date(q.timeAt, 'timeAt') : null;
  const endTimeAt = timerel === 'between' ? date(q.endTimeAt, 'endTimeAt') : null;
  if (timeAt && endTimeAt && endTimeAt <= timeAt) throw badData('endTimeAt must be after timeAt.');
  let lastN: number | null = null;
  if (q.lastN !== undefined) {
    lastN = Number(q.lastN);
    if (!Number.isInteger(lastN) || lastN < 1) throw badData('lastN must be a whole number ≥ 1.');
  }
  const format = options.has('aggregatedValues') || q.format === 'aggregatedValues' ? 'aggregatedValues'
    : options.has('temporalValues') || q.format === 'temporalValues' ? 'temporalValues' : 'normalized';
  let aggr: TemporalParams['aggr'] = null;
  if (format === 'aggregatedValues') {
    const methods = String(q.aggrMethods ?? '').split(',').filter(Boolean);
    if (!methods.length) throw badData('aggregatedValues needs aggrMethods.');
    for (const m of methods) if (!AGGR_METHODS.includes(m as AggrMethod)) throw badData(`Unknown aggregation method ${m}.`);
    aggr = { methods: methods as AggrMethod[], period: q.aggrPeriodDuration === undefined ? { kind: 'whole' } : parseDuration(String(q.aggrPeriodDuration)) };
  }
  return { timeproperty, sysAttrs: options.has('sysAttrs'), timerel: timerel as TemporalParams['timerel'], timeAt, endTimeAt, lastN, aggr, format };
}
