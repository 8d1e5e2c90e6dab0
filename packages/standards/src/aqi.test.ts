import { describe, it, expect } from 'vitest';
import { computeAqi, editionAt, iaqi } from './aqi.js';
import { HJ_633_2012, HJ_633_2026 } from './aqi-tables.js';
import { StandardsInputError } from './errors.js';

const BEFORE = new Date('2025-06-01T12:00:00+08:00');
const AFTER = new Date('2026-06-01T12:00:00+08:00');
const BOUNDARY = new Date('2026-02-28T16:00:00Z');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof StandardsInputError) return e.code;
    throw e;
  }
  return undefined;
}

describe('editionAt', () => {
  it('switches at midnight Asia/Shanghai on 2026-03-01', () => {
    expect(editionAt(new Date(BOUNDARY.getTime() - 1)).id).toBe('HJ 633-2012');
    expect(editionAt(BOUNDARY).id).toBe('HJ 633-2026');
    expect(editionAt(new Date('2026-03-01T00:00:00+08:00')).id).toBe('HJ 633-2026');
    expect(editionAt(new Date('2026-02-28T23:59:59.999+08:00')).id).toBe('HJ 633-2012');
  });

  it('scores anything before 2026 by 2012, and the far future by 2026', () => {
    expect(editionAt(new Date('2000-01-01T00:00:00Z')).id).toBe('HJ 633-2012');
    expect(editionAt(new Date('2099-01-01T00:00:00Z')).id).toBe('HJ 633-2026');
  });

  it('rejects an invalid Date', () => {
    expect(code(() => editionAt(new Date('nope')))).toBe('ERR_STANDARDS_INVALID_VALUE');
  });
});

describe('iaqi: check values from environment.md', () => {
  const pm25_2012 = HJ_633_2012.rows['PM2.5_24h'];
  const pm25_2026 = HJ_633_2026.rows['PM2.5_24h'];
  it('PM2.5 24h 35 → 50 and 115 → 150 in both editions', () => {
    for (const row of [pm25_2012, pm25_2026]) {
      expect(iaqi(row, 35)).toBe(50);
      expect(iaqi(row, 115)).toBe(150);
    }
  });
  it('under 2012, PM2.5 75 → 100', () => expect(iaqi(pm25_2012, 75)).toBe(100));
  it('under 2026, PM2.5 60 → 100 and 75 → 114', () => {
    expect(iaqi(pm25_2026, 60)).toBe(100);
    expect(iaqi(pm25_2026, 75)).toBe(114);
  });
  it('under 2026, PM10 24h 150 → 112 (2012: 100)', () => {
    expect(iaqi(HJ_633_2026.rows.PM10_24h, 150)).toBe(112);
    expect(iaqi(HJ_633_2012.rows.PM10_24h, 150)).toBe(100);
  });
});

describe('iaqi: formula and edges', () => {
  const pm25 = HJ_633_2012.rows['PM2.5_24h'];
  it('rounds up', () => {
    expect(iaqi(pm25, 0)).toBe(0);
    expect(iaqi(pm25, 0.1)).toBe(1); // 0.142… → 1
    expect(iaqi(pm25, 36)).toBe(52); // 51.25 → 52
    expect(iaqi(HJ_633_2012.rows.CO_24h, 1.2)).toBe(30);
  });
  it('does not let floating-point noise round an exact integer up', () => {
    // Every breakpoint concentration must map to its exact IAQI in every row.
    for (const edition of [HJ_633_2012, HJ_633_2026]) {
      for (const row of Object.values(edition.rows)) {
        row.breakpoints.forEach((c, i) => expect(iaqi(row, c)).toBe([0, 50, 100, 150, 200, 300, 400, 500][i]));
      }
    }
    expect(iaqi(HJ_633_2012.rows.CO_1h, 0.7)).toBe(7);
  });
  it('caps above the top breakpoint at 500', () => {
    expect(iaqi(pm25, 500)).toBe(500);
    expect(iaqi(pm25, 501)).toBe(500);
    expect(iaqi(HJ_633_2012.rows.SO2_24h, 10_000)).toBe(500);
  });
  it('footnote 2: SO2 1h above 800 has no IAQI; 800 itself is 200', () => {
    expect(iaqi(HJ_633_2012.rows.SO2_1h, 800)).toBe(200);
    expect(iaqi(HJ_633_2012.rows.SO2_1h, 800.1)).toBeNull();
  });
  it('footnote 3: O3 8h above 800 has no IAQI; 800 itself is 300', () => {
    expect(iaqi(HJ_633_2012.rows.O3_8h, 800)).toBe(300);
    expect(iaqi(HJ_633_2012.rows.O3_8h, 801)).toBeNull();
  });
  it('rejects negative and non-finite concentrations', () => {
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(code(() => iaqi(pm25, bad))).toBe('ERR_STANDARDS_INVALID_VALUE');
    }
  });
});

describe('computeAqi', () => {
  it('scores by the edition at the observation time', () => {
    expect(computeAqi({ pm25: 75 }, { period: 'day', at: BEFORE })).toMatchObject({ aqi: 100, edition: 'HJ 633-2012', level: 2 });
    expect(computeAqi({ pm25: 75 }, { period: 'day', at: AFTER })).toMatchObject({ aqi: 114, edition: 'HJ 633-2026', level: 3 });
    expect(computeAqi({ pm25: 75 }, { period: 'day', at: BOUNDARY }).aqi).toBe(114);
  });

  it('returns the full shape', () => {
    const r = computeAqi({ pm25: 75, pm10: 100, no2: 30 }, { period: 'day', at: AFTER });
    expect(r).toEqual({
      aqi: 114,
      level: 3,
      category: { zh: '轻度污染', en: 'Lightly polluted' },
      categoryKey: 'lightly',
      color: { rgb: [255, 126, 0], hex: '#FF7E00' },
      primaryPollutants: ['pm25'],
      exceedingPollutants: ['pm25'],
      iaqi: { pm25: 114, pm10: 86, no2: 38 }, // PM10: 50 + 50×(100−50)/(120−50) = 85.7
      basis: { pm25: 'PM2.5_24h', pm10: 'PM10_24h', no2: 'NO2_24h' },
      edition: 'HJ 633-2026',
    });
  });

  it('daily reports use the 24h rows; hourly reports use the 1h rows for SO2, NO2, CO, O3', () => {
    const day = computeAqi({ so2: 150, no2: 80, co: 4 }, { period: 'day', at: BEFORE });
    expect(day.iaqi).toEqual({ so2: 100, no2: 100, co: 100 });
    const hour = computeAqi({ so2: 150, no2: 80, co: 4, o3: 160 }, { period: 'hour', at: BEFORE });
    expect(hour.iaqi).toEqual({ so2: 50, no2: 40, co: 40, o3: 50 });
    expect(hour.basis).toEqual({ so2: 'SO2_1h', no2: 'NO2_1h', co: 'CO_1h', o3: 'O3_1h' });
  });

  it('hourly reports feed PM 1-hour averages into the 24h rows', () => {
    const r = computeAqi({ pm25: 75, pm10: 150 }, { period: 'hour', at: AFTER });
    expect(r.iaqi).toEqual({ pm25: 114, pm10: 112 });
    expect(r.basis).toEqual({ pm25: 'PM2.5_24h', pm10: 'PM10_24h' });
  });

  it('daily O3 is scored by both its max 1h and max 8h rows', () => {
    const r = computeAqi({ o3: 200, o3_8h: 215 }, { period: 'day', at: BEFORE });
    expect(r.iaqi).toEqual({ o3: 100, o3_8h: 150 });
    expect(r.primaryPollutants).toEqual(['o3_8h']);
  });

  it('footnote 3: O3 8h above 800 is reported by O3 1h', () => {
    const r = computeAqi({ o3: 1000, o3_8h: 900 }, { period: 'day', at: BEFORE });
    expect(r.iaqi).toEqual({ o3: 400 });
    expect(r.aqi).toBe(400);
    expect(r.primaryPollutants).toEqual(['o3']);
    expect(code(() => computeAqi({ o3_8h: 900 }, { period: 'day', at: BEFORE }))).toBe('ERR_STANDARDS_FALLBACK_REQUIRED');
  });

  it('footnote 2: SO2 1h above 800 is reported by its 24h IAQI in hourly reports', () => {
    const r = computeAqi({ so2: 900, so2_24h: 500 }, { period: 'hour', at: BEFORE });
    expect(r.iaqi).toEqual({ so2: 154 }); // (200−150)/(800−475)×(500−475)+150 = 153.8
    expect(r.basis).toEqual({ so2: 'SO2_24h' });
    expect(code(() => computeAqi({ so2: 900, pm25: 10 }, { period: 'hour', at: BEFORE }))).toBe('ERR_STANDARDS_FALLBACK_REQUIRED');
  });

  it('daily SO2 takes so2, or so2_24h when so2 is absent', () => {
    expect(computeAqi({ so2: 900 }, { period: 'day', at: BEFORE }).iaqi).toEqual({ so2: 213 }) // 200 + 100×(900−800)/800 = 212.5;
    expect(computeAqi({ so2_24h: 150 }, { period: 'day', at: BEFORE }).iaqi).toEqual({ so2: 100 });
  });

  it('treats null as not measured', () => {
    expect(computeAqi({ pm25: null, pm10: 50 }, { period: 'day', at: BEFORE }).iaqi).toEqual({ pm10: 50 });
  });

  it('names no primary pollutant at AQI ≤ 50, and all tied ones above', () => {
    expect(computeAqi({ pm25: 35, pm10: 50 }, { period: 'day', at: BEFORE }).primaryPollutants).toEqual([]);
    const tie = computeAqi({ pm25: 75, pm10: 150, so2: 10 }, { period: 'day', at: BEFORE });
    expect(tie.aqi).toBe(100);
    expect(tie.primaryPollutants).toEqual(['pm25', 'pm10']);
    expect(tie.exceedingPollutants).toEqual([]);
  });

  it('lists every pollutant with IAQI > 100 as exceeding', () => {
    const r = computeAqi({ pm25: 76, pm10: 151, no2: 80 }, { period: 'day', at: BEFORE });
    expect(r.exceedingPollutants).toEqual(['pm25', 'pm10']);
    expect(r.iaqi.no2).toBe(100);
  });

  it.each([
    [35, 50, 1], [36, 52, 2], [75, 100, 2], [75.5, 101, 3], [115, 150, 3], [115.5, 151, 4],
    [150, 200, 4], [151, 201, 5], [250, 300, 5], [251, 301, 6], [600, 500, 6],
  ])('PM2.5 %f (2012) → AQI %i, level %i', (pm25, aqi, level) => {
    const r = computeAqi({ pm25 }, { period: 'day', at: BEFORE });
    expect(r.aqi).toBe(aqi);
    expect(r.level).toBe(level);
  });

  it('places the category boundaries 50/51, 100/101, 150/151, 200/201, 300/301', () => {
    // CO 24h has 50 IAQI per mg/m³ in its first segment, so exact AQIs are easy to hit.
    const at = BEFORE;
    const byCo = (co: number): string => computeAqi({ co }, { period: 'day', at }).categoryKey;
    expect([byCo(2), byCo(2.04)]).toEqual(['excellent', 'good']);
    expect([byCo(4), byCo(4.2)]).toEqual(['good', 'lightly']);
    expect([byCo(14), byCo(14.2)]).toEqual(['lightly', 'moderately']);
    expect([byCo(24), byCo(24.24)]).toEqual(['moderately', 'heavily']);
    expect([byCo(36), byCo(36.12)]).toEqual(['heavily', 'severely']);
  });

  it('throws a typed error when no pollutant is given', () => {
    expect(code(() => computeAqi({}, { period: 'day', at: BEFORE }))).toBe('ERR_STANDARDS_NO_POLLUTANT');
    expect(code(() => computeAqi({ pm25: null }, { period: 'hour', at: BEFORE }))).toBe('ERR_STANDARDS_NO_POLLUTANT');
    expect(() => computeAqi({}, { period: 'day', at: BEFORE })).toThrow(StandardsInputError);
  });

  it('rejects invalid values and periods', () => {
    expect(code(() => computeAqi({ pm25: -1 }, { period: 'day', at: BEFORE }))).toBe('ERR_STANDARDS_INVALID_VALUE');
    expect(code(() => computeAqi({ pm25: 1 }, { period: 'week' as 'day', at: BEFORE }))).toBe('ERR_STANDARDS_INVALID_VALUE');
    expect(code(() => computeAqi({ pm25: 1 }, { period: 'day', at: new Date(Number.NaN) }))).toBe('ERR_STANDARDS_INVALID_VALUE');
  });
});
