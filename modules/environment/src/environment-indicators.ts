import type { IndicatorProvider, Measurement } from '@zhicheng/indicators';
import { countyOf, noData } from '@zhicheng/indicators';
import type { ServiceRegistry } from '@zhicheng/kernel';
import { historySourceKey, shanghaiDay, shanghaiMidnight, toNumber } from '@zhicheng/rules';
import { StandardsInputError, WATER_CLASSES, classifyWater, computeAqi, meetsTarget, type AqiInput, type WaterClass, type WaterInput } from '@zhicheng/standards';

const NO_HUB = 'the city data hub is not available, so there is no data yet';
const MEAN_KEYS = ['pm25', 'pm10', 'so2', 'no2', 'co'] as const;
const MAX_KEYS = ['o3', 'o3_8h'] as const;

interface DayAcc {
  sum: Record<string, number>;
  n: Record<string, number>;
  max: Record<string, number>;
}

/**
 * Share of good-air days this year: per Asia/Shanghai calendar day, the daily AQI of the
 * day's mean concentrations (O3: the day's maximum) scored by the HJ 633 edition in force
 * that day; good = AQI ≤ 100; share = good days / days with data. The data-validity rules
 * of the daily averages (e.g. at least 20 hourly values) are not applied.
 */
export function goodAirDaysProvider(services: ServiceRegistry): IndicatorProvider {
  return {
    name: 'environment.good-air-days',
    async compute(_params, ctx) {
      const hub = services.find(historySourceKey);
      if (!hub) return { total: noData(NO_HUB) };
      const year = shanghaiDay(ctx.now.getTime()).slice(0, 4);
      const from = new Date(shanghaiMidnight(`${year}-01-01`));
      const days = new Map<string, Map<string, DayAcc>>();
      for (const u of await hub.history({ entityType: 'AirQualityObserved', attributes: [...MEAN_KEYS, ...MAX_KEYS], from, to: ctx.now })) {
        const day = shanghaiDay(u.at);
        for (const scope of ['*', countyOf(u.divisionCode)]) {
          if (!scope) continue;
          let m = days.get(scope);
          if (!m) days.set(scope, (m = new Map()));
          let acc = m.get(day);
          if (!acc) m.set(day, (acc = { sum: {}, n: {}, max: {} }));
          for (const k of MEAN_KEYS) {
            const v = toNumber(u.attributes[k]);
            if (v !== null && v >= 0) {
              acc.sum[k] = (acc.sum[k] ?? 0) + v;
              acc.n[k] = (acc.n[k] ?? 0) + 1;
            }
          }
          for (const k of MAX_KEYS) {
            const v = toNumber(u.attributes[k]);
            if (v !== null && v >= 0) acc.max[k] = Math.max(acc.max[k] ?? 0, v);
          }
        }
      }
      const measure = (m: Map<string, DayAcc> | undefined): Measurement => {
        let withData = 0;
        let good = 0;
        for (const [day, acc] of m ?? []) {
          const input: AqiInput = { ...acc.max };
          for (const k of MEAN_KEYS) if (acc.n[k]) input[k] = acc.sum[k]! / acc.n[k]!;
          try {
            const r = computeAqi(input, { period: 'day', at: new Date(shanghaiMidnight(day)) });
            withData++;
            if (r.aqi <= 100) good++;
          } catch (err) {
            if (!(err instanceof StandardsInputError)) throw err;
          }
        }
        return withData ? { value: Math.round((good / withData) * 1000) / 10, detail: { goodDays: good, daysWithData: withData, year: Number(year) } } : noData(`no air-quality data in ${year}`);
      };
      const byCounty: Record<string, Measurement> = {};
      for (const [scope, m] of days) if (scope !== '*') byCounty[scope] = measure(m);
      return { total: measure(days.get('*')), byCounty };
    },
  };
}

const WATER_KEYS = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn'] as const;

/** Share of water sections whose latest sample meets the section's target class (GB 3838). */
export function waterTargetProvider(services: ServiceRegistry): IndicatorProvider {
  return {
    name: 'environment.water-target',
    triggers: ['datahub.entity.updated', 'datahub.entities.updated'],
    async compute() {
      const hub = services.find(historySourceKey);
      if (!hub) return { total: noData(NO_HUB) };
      const tally = new Map<string, [number, number]>();
      const add = (k: string, ok: boolean) => {
        const t = tally.get(k) ?? [0, 0];
        tally.set(k, [t[0] + (ok ? 1 : 0), t[1] + 1]);
      };
      for (const e of await hub.entities({ entityType: 'WaterQualityObserved' })) {
        const target = e.attributes.targetClass;
        if (typeof target !== 'string' || !WATER_CLASSES.some((w) => w.class === target)) continue;
        const input: WaterInput = {};
        for (const k of WATER_KEYS) {
          const v = toNumber(e.attributes[k]);
          if (v !== null) input[k] = v;
        }
        let ok: boolean;
        try {
          ok = meetsTarget(classifyWater(input, { waterbody: e.attributes.waterbody === 'lake' ? 'lake' : 'river' }), target as WaterClass);
        } catch (err) {
          if (err instanceof StandardsInputError) continue;
          throw err;
        }
        add('*', ok);
        const c = countyOf(e.divisionCode);
        if (c) add(c, ok);
      }
      const m = (t: [number, number] | undefined): Measurement => (t ? { value: Math.round((t[0] / t[1]) * 1000) / 10, detail: { meeting: t[0], sections: t[1] } } : noData('no water section with a target class has data'));
      const byCounty: Record<string, Measurement> = {};
      for (const [k, t] of tally) if (k !== '*') byCounty[k] = m(t);
      return { total: m(tally.get('*')), byCounty };
    },
  };
}
