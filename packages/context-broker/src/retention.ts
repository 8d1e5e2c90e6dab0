import { ConfigError, type Config } from '@zhicheng/kernel';
import { shortType } from './access.js';

export interface RetentionClass {
  historyDays: number;
  rollupDays: number;
}

/** Per entity type (short name), how long raw history and rollups are kept. */
export function createRetention(config: Pick<Config, 'ZC_NGSI_HISTORY_DAYS' | 'ZC_NGSI_ROLLUP_DAYS' | 'ZC_NGSI_RETENTION'>) {
  let overrides: Record<string, Partial<RetentionClass>>;
  try {
    overrides = JSON.parse(config.ZC_NGSI_RETENTION) as Record<string, Partial<RetentionClass>>;
    if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) throw new Error('not an object');
    for (const [t, v] of Object.entries(overrides)) {
      for (const k of ['historyDays', 'rollupDays'] as const) {
        if (v[k] !== undefined && (!Number.isInteger(v[k]) || v[k]! < 1 || v[k]! > 36500)) throw new Error(`${t}.${k} must be a whole number of days (1–36500)`);
      }
    }
  } catch (err) {
    throw new ConfigError('ZC_NGSI_RETENTION', (err as Error).message);
  }
  const defaults: RetentionClass = { historyDays: config.ZC_NGSI_HISTORY_DAYS, rollupDays: config.ZC_NGSI_ROLLUP_DAYS };
  const cache = new Map<string, RetentionClass>();
  return {
    defaults,
    forType(typeIri: string | undefined): RetentionClass {
      const key = typeIri ?? '';
      let r = cache.get(key);
      if (!r) {
        const o = typeIri ? overrides[shortType(typeIri)] ?? overrides[typeIri] : undefined;
        r = { historyDays: o?.historyDays ?? defaults.historyDays, rollupDays: o?.rollupDays ?? defaults.rollupDays };
        cache.set(key, r);
      }
      return r;
    },
    classes(): RetentionClass[] {
      return [defaults, ...Object.keys(overrides).map((t) => this.forType(t))];
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
