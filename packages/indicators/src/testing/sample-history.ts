import { memoryHistory, point } from '@zhicheng/rules/testing';

/** "Now" of the sample: 3 January 2026, so the sample's days fall in this year. */
export const SAMPLE_NOW = '2026-01-03T00:00:00Z';

const air = (id: string, iso: string, pm25: number, divisionCode: string) => point(id, Date.parse(iso), { pm25 }, { divisionCode });

/**
 * A small city history for indicator tests (indicators package and solution packs): air
 * stations across the Shanghai day boundary, water sections against their targets, a
 * scenic spot and fire-risk points.
 */
export const sampleHistory = () => memoryHistory([
  // 15:59Z is 23:59 on 1 January in Shanghai; 16:00Z is already 2 January
  air('xc-1', '2026-01-01T15:59:00Z', 30, '513401001'),
  air('xc-1', '2026-01-01T16:00:00Z', 200, '513401001'),
  air('yy-1', '2026-01-01T10:00:00Z', 40, '513422'),
  air('old', '2025-12-31T15:59:00Z', 300, '513422'), // 2025 in Shanghai: not this year
  point('anning', Date.parse('2026-01-02T00:00:00Z'), { targetClass: 'III', nh3n: 0.8 }, { entityType: 'WaterQualityObserved', divisionCode: '513401' }),
  point('qionghai', Date.parse('2026-01-02T00:00:00Z'), { targetClass: 'II', waterbody: 'lake', tn: 0.9 }, { entityType: 'WaterQualityObserved', divisionCode: '513401' }),
  point('lugu', Date.parse('2026-01-02T00:00:00Z'), { visitors: 900, capacity: 1000 }, { entityType: 'ScenicSpot', divisionCode: '513437' }),
  point('f1', Date.parse('2026-01-02T00:00:00Z'), { level: 3 }, { entityType: 'FireRiskIndex', divisionCode: '513401001' }),
  point('f2', Date.parse('2026-01-02T00:00:00Z'), { level: 5 }, { entityType: 'FireRiskIndex', divisionCode: '513422001' }),
]);
