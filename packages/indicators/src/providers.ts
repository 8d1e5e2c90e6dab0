import { serviceKey } from '@zhicheng/kernel';

/** One measured value; `value: null` says "no data" honestly, with the reason in `detail.reason`. */
export interface Measurement {
  value: number | null;
  detail?: Record<string, unknown>;
}

export interface ProviderResult {
  total: Measurement;
  /** County code → measurement, when the indicator is per county. */
  byCounty?: Record<string, Measurement>;
}

export interface ProviderContext {
  now: Date;
  regionCode: string;
}

/**
 * Where an indicator's numbers come from. Packages and packs register providers
 * (alarms: open alarms by severity; environment: good-air days …); a definition names one
 * with its parameters, so indicators stay data.
 */
export interface IndicatorProvider {
  name: string;
  compute(params: Record<string, unknown>, ctx: ProviderContext): Promise<ProviderResult>;
  /** Bus subjects after which indicators using this provider are recomputed ("on change"). */
  triggers?: string[];
}

export interface IndicatorProviders {
  register(p: IndicatorProvider): void;
  get(name: string): IndicatorProvider | undefined;
  all(): IndicatorProvider[];
}

export const indicatorProvidersKey = serviceKey<IndicatorProviders>('indicators.providers');

export function createProviderRegistry(): IndicatorProviders {
  const map = new Map<string, IndicatorProvider>();
  return {
    register(p) {
      if (map.has(p.name)) throw new Error(`Indicator provider ${p.name} is registered twice`);
      map.set(p.name, p);
    },
    get: (n) => map.get(n),
    all: () => [...map.values()],
  };
}

export const noData = (reason: string): Measurement => ({ value: null, detail: { reason } });

/** The county (6-digit GB/T 2260 code that is not a prefecture or province) a division lies in, or null. */
export function countyOf(code: string | null | undefined): string | null {
  if (!code || code.length < 6) return null;
  const c = code.slice(0, 6);
  return c.endsWith('00') ? null : c;
}
