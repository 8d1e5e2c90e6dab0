import { describe, expect, it } from 'vitest';
import { engineWith, point, ruleOf } from '@zhicheng/rules/testing';
import { STANDARD_KINDS } from './standard-kinds.js';

const plugins = STANDARD_KINDS;
const at = (iso: string) => Date.parse(iso);

describe('aqiCategory rule kind', () => {
  it('scores each reading by the HJ 633 edition in force at its observation time', async () => {
    const rule = ruleOf('rule_aqi', { condition: { kind: 'aqiCategory', minLevel: 3, period: 'day' } });
    const { engine, signals } = engineWith([rule], { plugins });
    // PM2.5 24h 75: IAQI 100 (level 2) under HJ 633-2012, 114 (level 3) under HJ 633-2026 (from 2026-03-01 00:00 Shanghai = 16:00Z)
    await engine.process([point('a', at('2026-02-28T15:59:00Z'), { pm25: 75 }), point('b', at('2026-02-28T16:00:00Z'), { pm25: 75 })]);
    expect(signals.map((s) => `${s.type}:${s.sourceId}`)).toEqual(['raise:b']);
    expect(signals[0]!.value).toMatchObject({ aqi: 114, level: 3, edition: 'HJ 633-2026' });
  });

  it('raises at category 4 and clears below it, combining pollutants reported separately', async () => {
    const rule = ruleOf('rule_aqi4', { condition: { kind: 'aqiCategory', minLevel: 4, period: 'hour', forSeconds: 0 } });
    const { engine, signals } = engineWith([rule], { plugins });
    const t = at('2026-06-01T00:00:00Z');
    await engine.process([point('s', t, { pm10: 100 }), point('s', t + 1000, { pm25: 160 }), point('s', t + 2000, { pm25: 100 })]);
    expect(signals.map((s) => s.type)).toEqual(['raise', 'clear']);
  });
});

describe('waterTarget rule kind', () => {
  it('raises when a section is worse than its target class (lakes evaluate TN)', async () => {
    const rule = ruleOf('rule_water', { entityType: 'WaterQualityObserved', condition: { kind: 'waterTarget' } });
    const { engine, signals } = engineWith([rule], { plugins });
    const w = (id: string, a: Record<string, unknown>) => point(id, at('2026-06-01T00:00:00Z'), a, { entityType: 'WaterQualityObserved' });
    await engine.process([
      w('anning', { targetClass: 'III', nh3n: 0.8, do: 6 }),
      w('qionghai', { targetClass: 'II', waterbody: 'lake', tn: 0.9, tp: 0.02 }),
      w('no-target', { nh3n: 5 }),
    ]);
    expect(signals.map((s) => `${s.type}:${s.sourceId}`)).toEqual(['raise:qionghai']);
    expect(signals[0]!.value).toMatchObject({ class: 'III', targetClass: 'II', worstParameters: ['tn'] });
  });

  it('reads the Smart Data Models names devices send (pH, O2, NH4, P-TOT, N-TOT)', async () => {
    const rule = ruleOf('rule_water_sdm', { entityType: 'WaterQualityObserved', condition: { kind: 'waterTarget' } });
    const { engine, signals } = engineWith([rule], { plugins });
    await engine.process([point('yalong', at('2026-06-01T00:00:00Z'), { targetClass: 'II', pH: 7.6, O2: 7.8, NH4: 1.2, 'P-TOT': 0.07 }, { entityType: 'WaterQualityObserved' })]);
    expect(signals.map((s) => `${s.type}:${s.sourceId}`)).toEqual(['raise:yalong']);
    expect(signals[0]!.value).toMatchObject({ class: 'IV', worstParameters: ['nh3n'] });
  });
});

describe('noiseLimit rule kind', () => {
  it('uses the zone’s day or night limit by the Shanghai clock', async () => {
    const rule = ruleOf('rule_noise', { entityType: 'NoiseLevelObserved', condition: { kind: 'noiseLimit' } });
    const { engine, signals } = engineWith([rule], { plugins });
    const n = (iso: string, a: Record<string, unknown>) => point('n1', at(iso), a, { entityType: 'NoiseLevelObserved' });
    // zone 1: day 55, night 45; 13:59Z = 21:59 local (day), 14:00Z = 22:00 local (night)
    await engine.process([n('2026-05-01T13:59:00Z', { zone: '1', LAeq: 50 }), n('2026-05-01T14:00:00Z', { LAeq: 50 }), n('2026-05-01T22:00:00Z', { LAeq: 50 })]);
    expect(signals.map((s) => `${s.type}@${s.at}`)).toEqual(['raise@2026-05-01T14:00:00.000Z', 'clear@2026-05-01T22:00:00.000Z']);
  });
});
