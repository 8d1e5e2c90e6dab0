import { Type, type Static } from '@sinclair/typebox';
import type { RuleKindPlugin, Verdict } from '@zhicheng/rules';
import { toNumber } from '@zhicheng/rules';
import {
  AQI_POLLUTANT_KEYS, StandardsInputError, classifyWater, computeAqi, evaluateNoise, meetsTarget, WATER_CLASSES,
  type AqiInput, type NoiseZone, type WaterClass, type WaterInput,
} from '@zhicheng/standards';

/**
 * The standard classifiers as rule kinds. They know the environment entity types'
 * attributes (Smart Data Models names): AirQualityObserved `pm25 pm10 so2 no2 co o3 o3_8h`,
 * WaterQualityObserved `ph do codmn cod bod5 nh3n tp tn` + `targetClass` (+ `waterbody`),
 * NoiseLevelObserved `LAeq` (or `leq`) + `LAmax` + `zone`.
 */

/** Missing input is "not applicable", not an error; invalid measurements are errors (counted per rule). */
function guarded(fn: () => Verdict): Verdict {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StandardsInputError && (err.code === 'ERR_STANDARDS_NO_POLLUTANT' || err.code === 'ERR_STANDARDS_NO_PARAMETER')) return { kind: 'skip' };
    throw err;
  }
}

const pick = (attrs: Record<string, unknown>, keys: readonly string[]) => {
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = toNumber(attrs[k]);
    if (v !== null) out[k] = v;
  }
  return out;
};

export const AqiCategoryCondition = Type.Object({
  kind: Type.Literal('aqiCategory'),
  minLevel: Type.Integer({ minimum: 2, maximum: 6, default: 4, description: 'Raise at this AQI level (category) or worse, e.g. 4 = 中度污染.' }),
  period: Type.Union([Type.Literal('hour'), Type.Literal('day')], { default: 'hour' }),
  forSeconds: Type.Integer({ minimum: 0, default: 0 }),
}, { additionalProperties: false });

export const aqiCategoryKind: RuleKindPlugin<Static<typeof AqiCategoryCondition>> = {
  kind: 'aqiCategory',
  schema: AqiCategoryCondition,
  watches: () => [...AQI_POLLUTANT_KEYS],
  forSeconds: (c) => c.forSeconds,
  evaluate: (c, attrs, at) => guarded(() => {
    // The edition in force at the observation time scores it (HJ 633-2012 before 2026-03-01).
    const r = computeAqi(pick(attrs, AQI_POLLUTANT_KEYS) as AqiInput, { period: c.period, at });
    const value = { aqi: r.aqi, level: r.level, category: r.categoryKey, primaryPollutants: r.primaryPollutants, edition: r.edition };
    return r.level >= c.minLevel ? { kind: 'raise', value, detail: `AQI ${r.aqi} (${r.category.en}, ${r.edition})` } : { kind: 'clear', value };
  }),
};

const WATER_PARAMS = ['ph', 'do', 'codmn', 'cod', 'bod5', 'nh3n', 'tp', 'tn'] as const;
/** The Smart Data Models names of the same parameters (WaterQualityObserved), as devices send them. */
const SDM_WATER: Record<string, (typeof WATER_PARAMS)[number]> = { pH: 'ph', O2: 'do', permanganateIndex: 'codmn', bod: 'bod5', NH4: 'nh3n', 'P-TOT': 'tp', 'N-TOT': 'tn' };
const waterInput = (attrs: Record<string, unknown>): Record<string, unknown> => {
  const out = pick(attrs, WATER_PARAMS) as Record<string, unknown>;
  for (const [sdm, key] of Object.entries(SDM_WATER)) if (out[key] === undefined && attrs[sdm] !== undefined) out[key] = attrs[sdm];
  return out;
};
export const WaterTargetCondition = Type.Object({
  kind: Type.Literal('waterTarget'),
  /** Used when the entity has no `waterbody` attribute. */
  waterbody: Type.Union([Type.Literal('river'), Type.Literal('lake')], { default: 'river' }),
}, { additionalProperties: false });

export const waterTargetKind: RuleKindPlugin<Static<typeof WaterTargetCondition>> = {
  kind: 'waterTarget',
  schema: WaterTargetCondition,
  watches: () => [...WATER_PARAMS, ...Object.keys(SDM_WATER), 'targetClass'],
  evaluate: (c, attrs) => guarded(() => {
    const target = attrs.targetClass;
    if (typeof target !== 'string' || !WATER_CLASSES.some((w) => w.class === target)) return { kind: 'skip' };
    const waterbody = attrs.waterbody === 'lake' || attrs.waterbody === 'river' ? attrs.waterbody : c.waterbody;
    const r = classifyWater(waterInput(attrs) as WaterInput, { waterbody });
    const value = { class: r.class, targetClass: target, worstParameters: r.worstParameters };
    return meetsTarget(r, target as WaterClass) ? { kind: 'clear', value } : { kind: 'raise', value, detail: `class ${r.class} worse than target ${target}` };
  }),
};

const ZONES = ['0', '1', '2', '3', '4a', '4b'];
export const NoiseLimitCondition = Type.Object({
  kind: Type.Literal('noiseLimit'),
  attribute: Type.String({ default: 'LAeq', description: 'Attribute holding Leq, dB(A).' }),
  maxAttribute: Type.String({ default: 'LAmax', description: 'Attribute holding Lmax (night-time sudden noise).' }),
  suddenNoise: Type.Boolean({ default: true, description: 'Also raise when night Lmax exceeds the night limit by more than 15 dB(A).' }),
}, { additionalProperties: false });

export const noiseLimitKind: RuleKindPlugin<Static<typeof NoiseLimitCondition>> = {
  kind: 'noiseLimit',
  schema: NoiseLimitCondition,
  watches: (c) => [c.attribute, c.maxAttribute, 'zone'],
  evaluate: (c, attrs, at) => {
    const zone = String(attrs.zone ?? '');
    const leq = toNumber(attrs[c.attribute]);
    if (!ZONES.includes(zone) || leq === null) return { kind: 'skip' };
    const e = evaluateNoise({ zone: zone as NoiseZone, leq, lmax: toNumber(attrs[c.maxAttribute]), at });
    const value = { leq, limit: e.limit, period: e.period, exceedBy: e.exceedBy };
    return e.exceeds || (c.suddenNoise && e.suddenNoiseExceeds) ? { kind: 'raise', value, detail: `${leq} dB(A) over the ${e.period} limit ${e.limit} of zone ${zone}` } : { kind: 'clear', value };
  },
};

export const STANDARD_KINDS = [aqiCategoryKind, waterTargetKind, noiseLimitKind] as unknown as RuleKindPlugin[];
