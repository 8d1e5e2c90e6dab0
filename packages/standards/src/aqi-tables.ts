/**
 * HJ 633 IAQI breakpoint tables, one object per edition. Editions are data so that a
 * reading keeps the meaning of the edition in force when it was observed, and a future
 * edition is a new table, not a new branch in the scoring code.
 */

/** IAQI values at each breakpoint column; a row's concentrations align with these. */
export const IAQI_BREAKPOINTS = [0, 50, 100, 150, 200, 300, 400, 500] as const;

export type AqiRowId =
  | 'SO2_24h'
  | 'SO2_1h'
  | 'NO2_24h'
  | 'NO2_1h'
  | 'PM10_24h'
  | 'CO_24h'
  | 'CO_1h'
  | 'O3_1h'
  | 'O3_8h'
  | 'PM2.5_24h';

export type AqiEditionId = 'HJ 633-2012' | 'HJ 633-2026';

/**
 * What the standard says about a concentration above the row's last breakpoint:
 * - `cap`: the IAQI is 500 (the index scale ends there; the standard gives no higher
 *   segment to extrapolate on, so the reading is reported at the top of the scale);
 * - `no-iaqi`: the row yields no IAQI and the pollutant is reported by another row
 *   (footnotes 2 and 3 of HJ 633 table 1).
 */
export type AboveTopRule =
  | { readonly kind: 'cap' }
  | { readonly kind: 'no-iaqi'; readonly reportBy: AqiRowId };

export interface AqiBreakpointRow {
  readonly id: AqiRowId;
  readonly pollutant: 'SO2' | 'NO2' | 'PM10' | 'CO' | 'O3' | 'PM2.5';
  readonly averaging: '1h' | '8h' | '24h';
  readonly unit: 'µg/m³' | 'mg/m³';
  /** Concentrations at IAQI 0, 50, 100, …; a shorter list means the row stops early. */
  readonly breakpoints: readonly number[];
  readonly aboveTop: AboveTopRule;
  /** Footnote (1): SO2, NO2 and CO 1-hour rows are for real-time reports only. */
  readonly realTimeOnly: boolean;
}

export interface AqiEdition {
  readonly id: AqiEditionId;
  readonly title: { readonly zh: string; readonly en: string };
  /**
   * First instant the edition applies to, ISO 8601 with the +08:00 offset, or null for
   * the earliest edition the platform knows, which scores all data before the next one.
   */
  readonly effectiveFrom: string | null;
  readonly rows: Readonly<Record<AqiRowId, AqiBreakpointRow>>;
}

const CAP: AboveTopRule = { kind: 'cap' };

function row(
  id: AqiRowId,
  breakpoints: readonly number[],
  options: { aboveTop?: AboveTopRule; realTimeOnly?: boolean } = {},
): AqiBreakpointRow {
  const [pollutant, averaging] = id.split('_') as [AqiBreakpointRow['pollutant'], AqiBreakpointRow['averaging']];
  return {
    id,
    pollutant,
    averaging,
    unit: pollutant === 'CO' ? 'mg/m³' : 'µg/m³',
    breakpoints,
    aboveTop: options.aboveTop ?? CAP,
    realTimeOnly: options.realTimeOnly ?? false,
  };
}

/** HJ 633-2012, in force for observations before 2026-03-01 00:00 Asia/Shanghai. */
export const HJ_633_2012: AqiEdition = {
  id: 'HJ 633-2012',
  title: {
    zh: '环境空气质量指数（AQI）技术规定（试行）',
    en: 'Technical Regulation on Ambient Air Quality Index (on trial)',
  },
  effectiveFrom: null,
  rows: {
    SO2_24h: row('SO2_24h', [0, 50, 150, 475, 800, 1600, 2100, 2620]),
    SO2_1h: row('SO2_1h', [0, 150, 500, 650, 800], {
      aboveTop: { kind: 'no-iaqi', reportBy: 'SO2_24h' },
      realTimeOnly: true,
    }),
    NO2_24h: row('NO2_24h', [0, 40, 80, 180, 280, 565, 750, 940]),
    NO2_1h: row('NO2_1h', [0, 100, 200, 700, 1200, 2340, 3090, 3840], { realTimeOnly: true }),
    PM10_24h: row('PM10_24h', [0, 50, 150, 250, 350, 420, 500, 600]),
    CO_24h: row('CO_24h', [0, 2, 4, 14, 24, 36, 48, 60]),
    CO_1h: row('CO_1h', [0, 5, 10, 35, 60, 90, 120, 150], { realTimeOnly: true }),
    O3_1h: row('O3_1h', [0, 160, 200, 300, 400, 800, 1000, 1200]),
    O3_8h: row('O3_8h', [0, 100, 160, 215, 265, 800], {
      aboveTop: { kind: 'no-iaqi', reportBy: 'O3_1h' },
    }),
    'PM2.5_24h': row('PM2.5_24h', [0, 35, 75, 115, 150, 250, 350, 500]),
  },
};

/**
 * HJ 633-2026 (with GB 3095-2026), from 2026-03-01 00:00 Asia/Shanghai. Only the PM2.5
 * and PM10 24-hour rows changed according to the sources; the other rows are shared with
 * 2012 until the standard's text says otherwise. The title is assumed to match 2012's
 * without "on trial"; it was not confirmed.
 */
export const HJ_633_2026: AqiEdition = {
  id: 'HJ 633-2026',
  title: {
    zh: '环境空气质量指数（AQI）技术规定',
    en: 'Technical Regulation on Ambient Air Quality Index',
  },
  effectiveFrom: '2026-03-01T00:00:00+08:00',
  rows: {
    ...HJ_633_2012.rows,
    PM10_24h: row('PM10_24h', [0, 50, 120, 250, 350, 420, 500, 600]),
    'PM2.5_24h': row('PM2.5_24h', [0, 35, 60, 115, 150, 250, 350, 500]),
  },
};

/** All editions, oldest first. */
export const AQI_EDITIONS: readonly AqiEdition[] = [HJ_633_2012, HJ_633_2026];
