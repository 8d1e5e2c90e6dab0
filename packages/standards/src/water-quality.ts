import { StandardsInputError, assertMeasurement } from './errors.js';

/**
 * Surface water classification, GB 3838-2002 table 1 (basic items), single-factor method.
 * Limits are data; a value equal to a class limit meets that class.
 */

export type WaterClass = 'I' | 'II' | 'III' | 'IV' | 'V' | '劣V';
export type WaterClassNumber = 1 | 2 | 3 | 4 | 5 | 6;
export type Waterbody = 'river' | 'lake';
export type WaterParameter = 'ph' | 'do' | 'codmn' | 'cod' | 'bod5' | 'nh3n' | 'tp' | 'tn';

export interface WaterClassInfo {
  readonly class: WaterClass;
  readonly classNumber: WaterClassNumber;
  readonly label: { readonly zh: string; readonly en: string };
}

export const WATER_CLASSES: readonly WaterClassInfo[] = [
  { class: 'I', classNumber: 1, label: { zh: '优', en: 'excellent' } },
  { class: 'II', classNumber: 2, label: { zh: '优', en: 'excellent' } },
  { class: 'III', classNumber: 3, label: { zh: '良好', en: 'good' } },
  { class: 'IV', classNumber: 4, label: { zh: '轻度污染', en: 'lightly polluted' } },
  { class: 'V', classNumber: 5, label: { zh: '中度污染', en: 'moderately polluted' } },
  { class: '劣V', classNumber: 6, label: { zh: '重度污染', en: 'heavily polluted' } },
];

/** Limits for classes I..V, in mg/L except pH. */
type FiveLimits = readonly [number, number, number, number, number];

export type WaterLimitRow = {
  readonly parameter: WaterParameter;
  readonly name: { readonly zh: string; readonly en: string };
  readonly unit: 'mg/L' | null;
  /** Waterbodies the row applies to. */
  readonly waterbodies: readonly Waterbody[];
} & (
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'lower'; readonly limits: FiveLimits }
  | { readonly kind: 'upper'; readonly limits: FiveLimits }
);

const BOTH: readonly Waterbody[] = ['river', 'lake'];

export interface WaterStandard {
  readonly id: 'GB 3838-2002';
  readonly title: { readonly zh: string; readonly en: string };
  readonly rows: readonly WaterLimitRow[];
}

export const GB_3838_2002: WaterStandard = {
  id: 'GB 3838-2002',
  title: { zh: '地表水环境质量标准', en: 'Environmental Quality Standards for Surface Water' },
  rows: [
    { parameter: 'ph', name: { zh: 'pH值', en: 'pH' }, unit: null, waterbodies: BOTH, kind: 'range', min: 6, max: 9 },
    // Class I also accepts 90% saturation; the platform records mg/L only, so that
    // alternative is not evaluated here.
    { parameter: 'do', name: { zh: '溶解氧', en: 'dissolved oxygen' }, unit: 'mg/L', waterbodies: BOTH, kind: 'lower', limits: [7.5, 6, 5, 3, 2] },
    { parameter: 'codmn', name: { zh: '高锰酸盐指数', en: 'permanganate index' }, unit: 'mg/L', waterbodies: BOTH, kind: 'upper', limits: [2, 4, 6, 10, 15] },
    { parameter: 'cod', name: { zh: '化学需氧量', en: 'chemical oxygen demand' }, unit: 'mg/L', waterbodies: BOTH, kind: 'upper', limits: [15, 15, 20, 30, 40] },
    { parameter: 'bod5', name: { zh: '五日生化需氧量', en: 'five-day biochemical oxygen demand' }, unit: 'mg/L', waterbodies: BOTH, kind: 'upper', limits: [3, 3, 4, 6, 10] },
    { parameter: 'nh3n', name: { zh: '氨氮', en: 'ammonia nitrogen' }, unit: 'mg/L', waterbodies: BOTH, kind: 'upper', limits: [0.15, 0.5, 1.0, 1.5, 2.0] },
    { parameter: 'tp', name: { zh: '总磷', en: 'total phosphorus' }, unit: 'mg/L', waterbodies: ['river'], kind: 'upper', limits: [0.02, 0.1, 0.2, 0.3, 0.4] },
    { parameter: 'tp', name: { zh: '总磷（湖、库）', en: 'total phosphorus (lakes, reservoirs)' }, unit: 'mg/L', waterbodies: ['lake'], kind: 'upper', limits: [0.01, 0.025, 0.05, 0.1, 0.2] },
    // The standard lists TN for lakes and reservoirs only; rivers not evaluating TN is
    // common assessment practice, not confirmed from the standard's text.
    { parameter: 'tn', name: { zh: '总氮（湖、库）', en: 'total nitrogen (lakes, reservoirs)' }, unit: 'mg/L', waterbodies: ['lake'], kind: 'upper', limits: [0.2, 0.5, 1.0, 1.5, 2.0] },
  ],
};

export type WaterInput = Partial<Record<WaterParameter, number | null>>;

export interface WaterParameterResult {
  value: number;
  class: WaterClass;
  classNumber: WaterClassNumber;
}

export interface WaterResult {
  class: WaterClass;
  classNumber: WaterClassNumber;
  label: { zh: string; en: string };
  /** Parameters at the overall (worst) class; all of them on ties. */
  worstParameters: WaterParameter[];
  perParameter: Partial<Record<WaterParameter, WaterParameterResult>>;
  /** Given but not evaluated for this waterbody (TN in rivers). */
  notEvaluated: WaterParameter[];
}

function info(classNumber: number): WaterClassInfo {
  const found = WATER_CLASSES.find((c) => c.classNumber === classNumber);
  if (found === undefined) throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `no water class ${classNumber}`);
  return found;
}

function classOf(row: WaterLimitRow, value: number): number {
  if (row.kind === 'range') return value >= row.min && value <= row.max ? 1 : 6;
  const index = row.kind === 'lower'
    ? row.limits.findIndex((limit) => value >= limit)
    : row.limits.findIndex((limit) => value <= limit);
  return index === -1 ? 6 : index + 1;
}

/**
 * Classifies a surface-water sample by the worst class among its evaluated parameters.
 * Throws StandardsInputError ERR_STANDARDS_NO_PARAMETER when nothing evaluable is given,
 * ERR_STANDARDS_INVALID_VALUE for negative/non-finite values or pH outside 0–14.
 *
 * @example
 * classifyWater({ do: 5.5, nh3n: 0.4, tp: 0.06 }, { waterbody: 'lake' })
 * // → { class: 'IV', classNumber: 4, label: { zh: '轻度污染', … }, worstParameters: ['tp'], … }
 */
export function classifyWater(input: WaterInput, options: { waterbody: Waterbody }): WaterResult {
  if (options.waterbody !== 'river' && options.waterbody !== 'lake') {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `waterbody must be 'river' or 'lake', got ${String(options.waterbody)}`);
  }
  const perParameter: Partial<Record<WaterParameter, WaterParameterResult>> = {};
  const seen = new Set<WaterParameter>();
  for (const row of GB_3838_2002.rows) {
    const value = input[row.parameter];
    if (value === null || value === undefined || seen.has(row.parameter)) continue;
    assertMeasurement(row.parameter, value);
    if (row.parameter === 'ph' && value > 14) {
      throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `ph must be within 0–14, got ${value}`);
    }
    if (!row.waterbodies.includes(options.waterbody)) continue;
    seen.add(row.parameter);
    const c = info(classOf(row, value));
    perParameter[row.parameter] = { value, class: c.class, classNumber: c.classNumber };
  }
  const evaluated = [...seen];
  const given = [...new Set(GB_3838_2002.rows.map((r) => r.parameter))].filter((p) => input[p] !== null && input[p] !== undefined);
  const notEvaluated = given.filter((p) => !seen.has(p));
  if (evaluated.length === 0) {
    throw new StandardsInputError('ERR_STANDARDS_NO_PARAMETER', `no parameter evaluable for a ${options.waterbody} was given`);
  }
  const worst = Math.max(...evaluated.map((p) => perParameter[p]?.classNumber ?? 1));
  const overall = info(worst);
  return {
    class: overall.class,
    classNumber: overall.classNumber,
    label: { zh: overall.label.zh, en: overall.label.en },
    worstParameters: evaluated.filter((p) => perParameter[p]?.classNumber === worst),
    perParameter,
    notEvaluated,
  };
}

/**
 * Whether a classified sample meets a section's target class (水质目标): its class is the
 * target or better. A sample worse than its target is an exceedance.
 *
 * @example meetsTarget(classifyWater({ nh3n: 0.8 }, { waterbody: 'river' }), 'III') → true
 */
export function meetsTarget(result: Pick<WaterResult, 'classNumber'>, targetClass: WaterClass): boolean {
  const target = WATER_CLASSES.find((c) => c.class === targetClass);
  if (target === undefined) throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `unknown water class ${String(targetClass)}`);
  return result.classNumber <= target.classNumber;
}
