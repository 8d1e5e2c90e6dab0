import { notFound, serviceKey, type Db, type Logger } from '@zhicheng/kernel';
import type { IndicatorDefinition, Status, Thresholds } from './indicator-schemas.js';
import { createIndicatorsRepository, type ValueRow } from './indicators-repository.js';
import { noData, type IndicatorProviders, type Measurement } from './providers.js';

/** Status of a value against its thresholds; no value is `no_data`, never a zero. */
export function statusOf(value: number | null, t: Thresholds | null): Status {
  if (value === null) return 'no_data';
  if (!t) return 'ok';
  if (t.direction === 'higherIsBetter') return value <= t.critical ? 'critical' : value <= t.warning ? 'warning' : 'ok';
  return value >= t.critical ? 'critical' : value >= t.warning ? 'warning' : 'ok';
}

export interface IndicatorsService {
  /** Computes one indicator now and stores its values (region and counties). */
  compute(id: string): Promise<void>;
  /** Computes the indicators whose refresh period has passed (all when `force`). */
  computeDue(force?: boolean): Promise<string[]>;
  current(): Promise<unknown[]>;
  history(id: string, scope: string, from: Date, to: Date, limit: number): Promise<unknown[]>;
  definitions(): Promise<IndicatorDefinition[]>;
}

export const indicatorsServiceKey = serviceKey<IndicatorsService>('indicators');

export function createIndicatorsService(db: Db, providers: IndicatorProviders, opts: { now: () => Date; regionCode: string; log: Logger }): IndicatorsService {
  const repo = createIndicatorsRepository(db);

  const measure = async (d: IndicatorDefinition, at: Date): Promise<ValueRow[]> => {
    const p = providers.get(d.source.provider);
    const row = (scope: string, m: Measurement): ValueRow => ({ scope, value: m.value, status: statusOf(m.value, d.thresholds), detail: m.detail ?? {} });
    if (!p) return [row(opts.regionCode, noData(`no provider ${d.source.provider} is installed, so there is no data yet`))];
    try {
      const r = await p.compute(d.source.params, { now: at, regionCode: opts.regionCode });
      const rows = [row(opts.regionCode, r.total)];
      if (d.perCounty) for (const [code, m] of Object.entries(r.byCounty ?? {})) rows.push(row(code, m));
      return rows;
    } catch (err) {
      opts.log.error({ err, indicator: d.id }, 'indicator computation failed');
      return [row(opts.regionCode, noData(`computation failed: ${(err as Error).message}`))];
    }
  };

  const service: IndicatorsService = {
    async compute(id) {
      const d = (await repo.definitions()).find((x) => x.id === id);
      if (!d) throw notFound('ERR_INDICATORS_NOT_FOUND', `No indicator ${id}.`);
      const at = opts.now();
      await repo.write(d.id, at, await measure(d, at));
    },
    async computeDue(force = false) {
      const last = await repo.lastComputed();
      const at = opts.now();
      const done: string[] = [];
      for (const d of await repo.definitions()) {
        if (!d.enabled) continue;
        const prev = last.get(d.id);
        if (!force && prev && at.getTime() - prev.getTime() < d.refreshSeconds * 1000) continue;
        await repo.write(d.id, at, await measure(d, at));
        done.push(d.id);
      }
      return done;
    },
    async current() {
      const latest = await repo.latest();
      return (await repo.definitions()).filter((d) => d.enabled).map((d) => {
        const mine = latest.filter((v) => v.indicatorId === d.id);
        const top = mine.find((v) => v.scope === opts.regionCode);
        const strip = ({ indicatorId: _i, scope: _s, ...v }: (typeof mine)[number]) => v;
        // Counties from an older computation than the region's are stale, not current.
        const counties = d.perCounty && top ? mine.filter((v) => v.scope !== opts.regionCode && v.at === top.at).map((v) => ({ code: v.scope, ...strip(v) })) : [];
        return {
          id: d.id, name: d.name, description: d.description, unit: d.unit, ownerDepartmentId: d.ownerDepartmentId, perCounty: d.perCounty, thresholds: d.thresholds,
          provider: d.source.provider, current: top ? strip(top) : null, counties,
        };
      });
    },
    async history(id, scope, from, to, limit) {
      if (!(await repo.definitions()).some((d) => d.id === id)) throw notFound('ERR_INDICATORS_NOT_FOUND', `No indicator ${id}.`);
      return repo.history(id, scope, from, to, limit);
    },
    definitions: () => repo.definitions(),
  };
  return service;
}
