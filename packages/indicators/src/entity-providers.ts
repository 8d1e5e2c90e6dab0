import type { ServiceRegistry } from '@zhicheng/kernel';
import { historySourceKey, toNumber } from '@zhicheng/rules';
import { countyOf, noData, type IndicatorProvider, type Measurement } from './providers.js';

const NO_HUB = 'the city data hub is not available, so there is no data yet';

/**
 * Generic providers over the data hub's current entities: a ratio of two summed attributes
 * (scenic-spot load = visitors / capacity) and the maximum of an attribute (fire-risk level),
 * for the region and per county.
 */
export function entityProviders(services: ServiceRegistry): IndicatorProvider[] {
  const source = () => services.find(historySourceKey);
  return [
    {
      name: 'entities.ratio',
      triggers: ['datahub.entity.updated', 'datahub.entities.updated'],
      async compute(params) {
        const hub = source();
        if (!hub) return { total: noData(NO_HUB) };
        const { entityType, numerator, denominator } = params as { entityType: string; numerator: string; denominator: string };
        const sums = new Map<string, [number, number, number]>();
        const add = (k: string, n: number, d: number) => {
          const s = sums.get(k) ?? [0, 0, 0];
          sums.set(k, [s[0] + n, s[1] + d, s[2] + 1]);
        };
        for (const e of await hub.entities({ entityType, attributes: [numerator, denominator] })) {
          const n = toNumber(e.attributes[numerator]);
          const d = toNumber(e.attributes[denominator]);
          if (n === null || d === null || d <= 0) continue;
          add('*', n, d);
          const c = countyOf(e.divisionCode);
          if (c) add(c, n, d);
        }
        const m = (s: [number, number, number] | undefined): Measurement => (s ? { value: Math.round((s[0] / s[1]) * 1000) / 10, detail: { numerator: s[0], denominator: s[1], entities: s[2] } } : noData(`no ${entityType} entity reports ${numerator} and ${denominator}`));
        const byCounty: Record<string, Measurement> = {};
        for (const [k, s] of sums) if (k !== '*') byCounty[k] = m(s);
        return { total: m(sums.get('*')), byCounty };
      },
    },
    {
      name: 'entities.max',
      triggers: ['datahub.entity.updated', 'datahub.entities.updated'],
      async compute(params) {
        const hub = source();
        if (!hub) return { total: noData(NO_HUB) };
        const { entityType, attribute } = params as { entityType: string; attribute: string };
        const max = new Map<string, { value: number; entity: string }>();
        const put = (k: string, v: number, id: string) => {
          if ((max.get(k)?.value ?? -Infinity) < v) max.set(k, { value: v, entity: id });
        };
        for (const e of await hub.entities({ entityType, attributes: [attribute] })) {
          const v = toNumber(e.attributes[attribute]);
          if (v === null) continue;
          put('*', v, e.entityId);
          const c = countyOf(e.divisionCode);
          if (c) put(c, v, e.entityId);
        }
        const m = (x: { value: number; entity: string } | undefined): Measurement => (x ? { value: x.value, detail: { entityId: x.entity } } : noData(`no ${entityType} entity reports ${attribute}`));
        const byCounty: Record<string, Measurement> = {};
        for (const [k, x] of max) if (k !== '*') byCounty[k] = m(x);
        return { total: m(max.get('*')), byCounty };
      },
    },
  ];
}
