import { describe, it, expect } from 'vitest';
import { AQI_EDITIONS, HJ_633_2012, HJ_633_2026, IAQI_BREAKPOINTS } from './aqi-tables.js';
import type { AqiRowId } from './aqi-tables.js';

const ROW_IDS: AqiRowId[] = ['SO2_24h', 'SO2_1h', 'NO2_24h', 'NO2_1h', 'PM10_24h', 'CO_24h', 'CO_1h', 'O3_1h', 'O3_8h', 'PM2.5_24h'];

describe('HJ 633 tables', () => {
  it('lists editions oldest first with ids and start instants', () => {
    expect(AQI_EDITIONS.map((e) => e.id)).toEqual(['HJ 633-2012', 'HJ 633-2026']);
    expect(HJ_633_2012.effectiveFrom).toBeNull();
    expect(Date.parse(HJ_633_2026.effectiveFrom ?? '')).toBe(Date.parse('2026-02-28T16:00:00Z'));
  });

  it('has every row in every edition, strictly increasing from 0, within the IAQI columns', () => {
    for (const edition of AQI_EDITIONS) {
      for (const id of ROW_IDS) {
        const row = edition.rows[id];
        expect(row.id).toBe(id);
        expect(row.breakpoints[0]).toBe(0);
        expect(row.breakpoints.length).toBeLessThanOrEqual(IAQI_BREAKPOINTS.length);
        for (let i = 1; i < row.breakpoints.length; i += 1) {
          expect(row.breakpoints[i]).toBeGreaterThan(row.breakpoints[i - 1] ?? Infinity);
        }
      }
    }
  });

  it('uses mg/m³ for CO only', () => {
    for (const id of ROW_IDS) expect(HJ_633_2012.rows[id].unit).toBe(id.startsWith('CO') ? 'mg/m³' : 'µg/m³');
  });

  it('marks the footnoted rows', () => {
    expect(HJ_633_2012.rows.SO2_1h.aboveTop).toEqual({ kind: 'no-iaqi', reportBy: 'SO2_24h' });
    expect(HJ_633_2012.rows.O3_8h.aboveTop).toEqual({ kind: 'no-iaqi', reportBy: 'O3_1h' });
    expect(ROW_IDS.filter((id) => HJ_633_2012.rows[id].realTimeOnly)).toEqual(['SO2_1h', 'NO2_1h', 'CO_1h']);
  });

  it('2026 differs from 2012 only in PM2.5 24h and PM10 24h', () => {
    const changed = ROW_IDS.filter((id) => JSON.stringify(HJ_633_2012.rows[id]) !== JSON.stringify(HJ_633_2026.rows[id]));
    expect(changed).toEqual(['PM10_24h', 'PM2.5_24h']);
    expect(HJ_633_2026.rows['PM2.5_24h'].breakpoints).toEqual([0, 35, 60, 115, 150, 250, 350, 500]);
    expect(HJ_633_2026.rows.PM10_24h.breakpoints).toEqual([0, 50, 120, 250, 350, 420, 500, 600]);
  });
});
