import { AQI_EDITIONS, IAQI_BREAKPOINTS } from './aqi-tables.js';
import type { AqiBreakpointRow, AqiEdition, AqiEditionId, AqiRowId } from './aqi-tables.js';
import { aqiCategory } from './aqi-categories.js';
import type { AqiCategoryKey, AqiLevel } from './aqi-categories.js';
import { StandardsInputError, assertInstant, assertMeasurement } from './errors.js';

/**
 * The edition of HJ 633 in force at an observation time. The 2026 edition starts at
 * midnight Asia/Shanghai on 2026-03-01, i.e. 2026-02-28T16:00:00Z.
 *
 * @example editionAt(new Date('2026-02-28T16:00:00Z')).id → 'HJ 633-2026'
 */
export function editionAt(at: Date): AqiEdition {
  assertInstant('at', at);
  let current: AqiEdition | undefined;
  for (const edition of AQI_EDITIONS) {
    if (edition.effectiveFrom === null || Date.parse(edition.effectiveFrom) <= at.getTime()) current = edition;
  }
  if (current === undefined) throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', 'no HJ 633 edition covers this instant');
  return current;
}

// Interpolation in binary floating point can land a hair above an exact integer
// (e.g. 50.000000000000007), which ceil would turn into 51; snap that noise away first.
function ceilSnapped(x: number): number {
  return Math.ceil(Math.round(x * 1e9) / 1e9);
}

/**
 * IAQI of one concentration on one breakpoint row: linear interpolation, rounded UP.
 * Returns null when the standard says this row yields no IAQI for the value (SO2 1h above
 * 800 µg/m³, O3 8h above 800 µg/m³); the row's `aboveTop.reportBy` names the row to use.
 * Throws StandardsInputError for negative or non-finite concentrations.
 *
 * @example iaqi(HJ_633_2026.rows['PM2.5_24h'], 75) → 114
 */
export function iaqi(row: AqiBreakpointRow, concentration: number): number | null {
  assertMeasurement(row.id, concentration);
  const bps = row.breakpoints;
  for (let i = 1; i < bps.length; i += 1) {
    const bpLo = bps[i - 1];
    const bpHi = bps[i];
    const iLo = IAQI_BREAKPOINTS[i - 1];
    const iHi = IAQI_BREAKPOINTS[i];
    if (bpLo === undefined || bpHi === undefined || iLo === undefined || iHi === undefined) break;
    if (concentration <= bpHi) {
      return ceilSnapped(((iHi - iLo) * (concentration - bpLo)) / (bpHi - bpLo) + iLo);
    }
  }
  // Above the last breakpoint. Rows that run to IAQI 500 cap there: the index scale ends
  // at 500 and the standard gives no segment to extrapolate on.
  return row.aboveTop.kind === 'cap' ? 500 : null;
}

/** Input keys, in the order results list them. */
export const AQI_POLLUTANT_KEYS = ['pm25', 'pm10', 'so2', 'no2', 'co', 'o3', 'o3_8h'] as const;
export type AqiPollutantKey = (typeof AQI_POLLUTANT_KEYS)[number];

/**
 * Concentrations in µg/m³ (CO in mg/m³). null and undefined mean "not measured".
 * - period 'day': 24-hour averages; `o3` is the daily maximum 1-hour average and `o3_8h`
 *   the daily maximum 8-hour moving average.
 * - period 'hour': 1-hour averages; `o3_8h` is the current 8-hour moving average.
 *   `so2_24h` is only needed for the footnote fallback when SO2 1h exceeds 800.
 */
export interface AqiInput {
  pm25?: number | null;
  pm10?: number | null;
  so2?: number | null;
  no2?: number | null;
  co?: number | null;
  o3?: number | null;
  o3_8h?: number | null;
  so2_24h?: number | null;
}

export interface AqiOptions {
  period: 'hour' | 'day';
  /** Observation time; chooses the edition. */
  at: Date;
}

export interface AqiResult {
  aqi: number;
  level: AqiLevel;
  category: { zh: string; en: string };
  categoryKey: AqiCategoryKey;
  color: { rgb: [number, number, number]; hex: string };
  /** Keys with the highest IAQI when AQI > 50 (all of them on ties); empty otherwise. */
  primaryPollutants: AqiPollutantKey[];
  /** Keys with IAQI > 100 (超标污染物). */
  exceedingPollutants: AqiPollutantKey[];
  iaqi: Partial<Record<AqiPollutantKey, number>>;
  /** The breakpoint row that scored each key, for audit and display. */
  basis: Partial<Record<AqiPollutantKey, AqiRowId>>;
  edition: AqiEditionId;
}

// Daily reports use the 24h rows (footnote 1); O3 is scored by both its daily maximum 1h
// and 8h rows, since the O3 1h row is not restricted to real-time reports. Hourly reports
// use the 1h rows; PM has no 1h row, and feeding 1-hour PM averages into the 24h rows is
// common practice in real-time publishing, NOT confirmed as a rule of the standard.
const ROW_FOR: Record<AqiOptions['period'], Record<AqiPollutantKey, AqiRowId>> = {
  day: {
    pm25: 'PM2.5_24h', pm10: 'PM10_24h', so2: 'SO2_24h', no2: 'NO2_24h', co: 'CO_24h', o3: 'O3_1h', o3_8h: 'O3_8h',
  },
  hour: {
    pm25: 'PM2.5_24h', pm10: 'PM10_24h', so2: 'SO2_1h', no2: 'NO2_1h', co: 'CO_1h', o3: 'O3_1h', o3_8h: 'O3_8h',
  },
};

function present(value: number | null | undefined): value is number {
  return value !== null && value !== undefined;
}

/**
 * AQI per HJ 633 for one set of concentrations, scored by the edition in force at `at`.
 * Throws StandardsInputError: ERR_STANDARDS_NO_POLLUTANT if nothing is given,
 * ERR_STANDARDS_INVALID_VALUE for negative or non-finite values,
 * ERR_STANDARDS_FALLBACK_REQUIRED if a footnote demands a value that was not given
 * (SO2 1h > 800 without `so2_24h`; O3 8h > 800 without `o3`).
 *
 * @example
 * computeAqi({ pm25: 75 }, { period: 'day', at: new Date('2026-03-02T00:00:00+08:00') })
 * // → { aqi: 114, level: 3, categoryKey: 'lightly', primaryPollutants: ['pm25'], … }
 */
export function computeAqi(input: AqiInput, options: AqiOptions): AqiResult {
  const edition = editionAt(options.at);
  const rowFor = ROW_FOR[options.period];
  if (rowFor === undefined) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `period must be 'hour' or 'day', got ${String(options.period)}`);
  }
  const so2Value = options.period === 'day' && !present(input.so2) ? input.so2_24h : input.so2;
  const values: Partial<Record<AqiPollutantKey, number | null>> = { ...input, so2: so2Value };

  const scores: Partial<Record<AqiPollutantKey, number>> = {};
  const basis: Partial<Record<AqiPollutantKey, AqiRowId>> = {};
  for (const key of AQI_POLLUTANT_KEYS) {
    const value = values[key];
    if (!present(value)) continue;
    const row = edition.rows[rowFor[key]];
    const score = iaqi(row, value);
    if (score !== null) {
      scores[key] = score;
      basis[key] = row.id;
      continue;
    }
    if (row.aboveTop.kind !== 'no-iaqi') continue;
    // Footnotes 2 and 3: the pollutant is reported by another row instead.
    if (key === 'o3_8h') {
      if (!present(input.o3)) {
        throw new StandardsInputError('ERR_STANDARDS_FALLBACK_REQUIRED', 'O3 8h above 800 µg/m³ has no IAQI; HJ 633 reports O3 by its 1h IAQI, so o3 is required');
      }
      continue; // o3 is scored under its own key.
    }
    if (!present(input.so2_24h)) {
      throw new StandardsInputError('ERR_STANDARDS_FALLBACK_REQUIRED', 'SO2 1h above 800 µg/m³ has no IAQI; HJ 633 reports SO2 by its 24h IAQI, so so2_24h is required');
    }
    const fallbackRow = edition.rows[row.aboveTop.reportBy];
    const fallback = iaqi(fallbackRow, input.so2_24h);
    if (fallback !== null) {
      scores[key] = fallback;
      basis[key] = fallbackRow.id;
    }
  }

  const keys = AQI_POLLUTANT_KEYS.filter((k) => scores[k] !== undefined);
  if (keys.length === 0) {
    throw new StandardsInputError('ERR_STANDARDS_NO_POLLUTANT', 'at least one pollutant concentration is required');
  }
  const aqi = Math.max(...keys.map((k) => scores[k] ?? 0));
  const category = aqiCategory(aqi);
  return {
    aqi,
    level: category.level,
    category: { zh: category.category.zh, en: category.category.en },
    categoryKey: category.key,
    color: { rgb: [...category.color.rgb], hex: category.color.hex },
    primaryPollutants: aqi > 50 ? keys.filter((k) => scores[k] === aqi) : [],
    exceedingPollutants: keys.filter((k) => (scores[k] ?? 0) > 100),
    iaqi: scores,
    basis,
    edition: edition.id,
  };
}
