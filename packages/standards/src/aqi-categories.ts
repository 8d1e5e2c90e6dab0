import { StandardsInputError } from './errors.js';

/**
 * AQI levels, categories and display colours (HJ 633 table 2). The Chinese and English
 * terms are the standard's own, so they live here as data rather than in UI translations.
 */

export type AqiLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type AqiCategoryKey = 'excellent' | 'good' | 'lightly' | 'moderately' | 'heavily' | 'severely';

export interface AqiCategory {
  readonly level: AqiLevel;
  /** Inclusive AQI range; the last level has no upper bound. */
  readonly min: number;
  readonly max: number;
  readonly levelName: { readonly zh: string; readonly en: string };
  readonly key: AqiCategoryKey;
  readonly category: { readonly zh: string; readonly en: string };
  readonly color: {
    readonly name: { readonly zh: string; readonly en: string };
    readonly rgb: readonly [number, number, number];
    readonly hex: string;
  };
}

export const AQI_CATEGORIES: readonly AqiCategory[] = [
  {
    level: 1, min: 0, max: 50, key: 'excellent',
    levelName: { zh: '一级', en: 'Level I' },
    category: { zh: '优', en: 'Excellent' },
    color: { name: { zh: '绿色', en: 'green' }, rgb: [0, 228, 0], hex: '#00E400' },
  },
  {
    level: 2, min: 51, max: 100, key: 'good',
    levelName: { zh: '二级', en: 'Level II' },
    category: { zh: '良', en: 'Good' },
    color: { name: { zh: '黄色', en: 'yellow' }, rgb: [255, 255, 0], hex: '#FFFF00' },
  },
  {
    level: 3, min: 101, max: 150, key: 'lightly',
    levelName: { zh: '三级', en: 'Level III' },
    category: { zh: '轻度污染', en: 'Lightly polluted' },
    color: { name: { zh: '橙色', en: 'orange' }, rgb: [255, 126, 0], hex: '#FF7E00' },
  },
  {
    level: 4, min: 151, max: 200, key: 'moderately',
    levelName: { zh: '四级', en: 'Level IV' },
    category: { zh: '中度污染', en: 'Moderately polluted' },
    color: { name: { zh: '红色', en: 'red' }, rgb: [255, 0, 0], hex: '#FF0000' },
  },
  {
    level: 5, min: 201, max: 300, key: 'heavily',
    levelName: { zh: '五级', en: 'Level V' },
    category: { zh: '重度污染', en: 'Heavily polluted' },
    color: { name: { zh: '紫色', en: 'purple' }, rgb: [153, 0, 76], hex: '#99004C' },
  },
  {
    level: 6, min: 301, max: Number.POSITIVE_INFINITY, key: 'severely',
    levelName: { zh: '六级', en: 'Level VI' },
    category: { zh: '严重污染', en: 'Severely polluted' },
    color: { name: { zh: '褐红色', en: 'maroon' }, rgb: [126, 0, 35], hex: '#7E0023' },
  },
];

/**
 * The category an AQI falls in. AQIs are integers (IAQIs are rounded up), so the ranges
 * are contiguous; a fractional value is placed by the upper bound it does not exceed.
 *
 * @example aqiCategory(101).key → 'lightly'
 */
export function aqiCategory(aqi: number): AqiCategory {
  const found = AQI_CATEGORIES.find((c) => aqi <= c.max);
  if (!Number.isFinite(aqi) || aqi < 0 || found === undefined) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `AQI must be a finite number ≥ 0, got ${String(aqi)}`);
  }
  return found;
}
