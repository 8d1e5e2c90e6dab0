import { StandardsInputError, assertInstant } from './errors.js';
import { shanghaiParts } from './shanghai-time.js';

/**
 * Environmental noise limits, GB 3096-2008 table 1, dB(A). Day is 06:00–22:00 and night
 * 22:00–06:00 local time (Asia/Shanghai).
 */

export type NoiseZone = '0' | '1' | '2' | '3' | '4a' | '4b';
export type NoisePeriod = 'day' | 'night';

export interface NoiseZoneLimits {
  readonly zone: NoiseZone;
  readonly area: { readonly zh: string; readonly en: string };
  readonly day: number;
  readonly night: number;
}

export const GB_3096_2008 = {
  id: 'GB 3096-2008',
  title: { zh: '声环境质量标准', en: 'Environmental Quality Standard for Noise' },
  /** Local hours [from, to) of the day period; the rest is night. */
  dayHours: { from: 6, to: 22 },
  /** Night-time sudden noise may exceed the night limit by at most this many dB(A). */
  suddenNoiseAllowance: 15,
  zones: [
    { zone: '0', area: { zh: '康复疗养区', en: 'convalescent areas' }, day: 50, night: 40 },
    { zone: '1', area: { zh: '居民住宅、医疗卫生、文化教育、科研设计、行政办公区', en: 'residential, medical, education, offices' }, day: 55, night: 45 },
    { zone: '2', area: { zh: '商业金融、集市贸易或居住、商业、工业混杂区', en: 'commercial and mixed' }, day: 60, night: 50 },
    { zone: '3', area: { zh: '工业生产、仓储物流区', en: 'industrial, warehousing' }, day: 65, night: 55 },
    { zone: '4a', area: { zh: '高速公路、城市道路、城市轨道交通（地面段）、内河航道两侧', en: 'both sides of highways, urban roads, urban rail (ground), inland waterways' }, day: 70, night: 55 },
    { zone: '4b', area: { zh: '铁路干线两侧', en: 'both sides of railway trunk lines' }, day: 70, night: 60 },
  ] as const satisfies readonly NoiseZoneLimits[],
} as const;

/**
 * Day or night at an instant, by the wall clock in Asia/Shanghai whatever the host's
 * time zone.
 *
 * @example noisePeriodAt(new Date('2026-05-01T14:00:00Z')) → 'night' (22:00 in Shanghai)
 */
export function noisePeriodAt(at: Date): NoisePeriod {
  assertInstant('at', at);
  const { hour } = shanghaiParts(at);
  return hour >= GB_3096_2008.dayHours.from && hour < GB_3096_2008.dayHours.to ? 'day' : 'night';
}

function zoneLimits(zone: NoiseZone): NoiseZoneLimits {
  const found = GB_3096_2008.zones.find((z) => z.zone === zone);
  if (found === undefined) throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `unknown noise zone ${String(zone)}`);
  return found;
}

/** @example noiseLimit('1', new Date('2026-05-01T15:00:00Z')) → { limit: 45, period: 'night' } */
export function noiseLimit(zone: NoiseZone, at: Date): { limit: number; period: NoisePeriod } {
  const limits = zoneLimits(zone);
  const period = noisePeriodAt(at);
  return { limit: limits[period], period };
}

export interface NoiseReading {
  zone: NoiseZone;
  /** Equivalent continuous A-weighted level, dB(A). */
  leq: number;
  /** Maximum level in the interval, dB(A); needed for the night-time sudden-noise check. */
  lmax?: number | null;
  at: Date;
}

export interface NoiseEvaluation {
  limit: number;
  period: NoisePeriod;
  /** Leq above the limit; equal to the limit complies. */
  exceeds: boolean;
  /** dB(A) above the limit, 0 when compliant. */
  exceedBy: number;
  /** Night only: Lmax more than 15 dB(A) above the night limit. False by day or without Lmax. */
  suddenNoiseExceeds: boolean;
}

function checkLevel(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `${name} must be a finite dB(A) value, got ${String(value)}`);
  }
}

/**
 * Checks a noise reading against its zone's limit for the period it was taken in.
 *
 * @example
 * evaluateNoise({ zone: '2', leq: 53.4, lmax: 68, at: new Date('2026-05-01T16:00:00Z') })
 * // → { limit: 50, period: 'night', exceeds: true, exceedBy: 3.4, suddenNoiseExceeds: true }
 */
export function evaluateNoise(reading: NoiseReading): NoiseEvaluation {
  checkLevel('leq', reading.leq);
  const lmax = reading.lmax ?? undefined;
  if (lmax !== undefined) checkLevel('lmax', lmax);
  const { limit, period } = noiseLimit(reading.zone, reading.at);
  // dB readings carry one or two decimals; rounding the difference keeps 53.4 − 50 from
  // surfacing as 3.3999999999999986.
  const exceedBy = reading.leq > limit ? Math.round((reading.leq - limit) * 1000) / 1000 : 0;
  return {
    limit,
    period,
    exceeds: reading.leq > limit,
    exceedBy,
    suddenNoiseExceeds: period === 'night' && lmax !== undefined && lmax > limit + GB_3096_2008.suddenNoiseAllowance,
  };
}
