import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { liangshanCounties } from '../test/fixtures.js';
import { generateFleet } from './generate-fleet.js';
import { readingAt } from './readings.js';
import { SCENARIOS, startScenario, type ActiveScenario } from './scenarios.js';

const counties = liangshanCounties();
const fleet = generateFleet(counties, { seed: 42 });
const T0 = Date.parse('2026-11-24T06:00:00Z'); // 14:00 in Xichang
const values = (r: ReturnType<typeof readingAt>) => (r && r.kind === 'values' ? r.values : {});

describe('the simulated fleet', () => {
  it('has every kind, about the requested size, each device inside its county', () => {
    expect(fleet.length).toBeGreaterThan(380);
    expect(fleet.length).toBeLessThan(420);
    expect(new Set(fleet.map((d) => d.kind)).size).toBe(13);
    const byCode = new Map(counties.map((c) => [c.code, c]));
    for (const d of fleet) expect(booleanPointInPolygon([d.lon, d.lat], byCode.get(d.county)!.geometry), d.id).toBe(true);
    expect(new Set(fleet.filter((d) => d.kind === 'air').map((d) => d.county)).size).toBe(17);
    expect(new Set(fleet.map((d) => d.id)).size).toBe(fleet.length);
  });

  it('places things where they belong', () => {
    expect(fleet.filter((d) => d.kind === 'parking').every((d) => d.county === '513401')).toBe(true);
    const qionghai = fleet.find((d) => d.props.section === '邛海')!;
    expect(qionghai.props).toMatchObject({ waterbody: 'lake', targetClass: 'II' });
    expect(fleet.filter((d) => d.kind === 'scenic').map((d) => d.props.spot)).toContain('泸沽湖');
    expect(fleet.filter((d) => d.kind === 'farm').map((d) => d.props.crop)).toContain('会理石榴');
  });

  it('is the same for the same seed and different for another', () => {
    expect(generateFleet(counties, { seed: 42 })).toEqual(fleet);
    expect(generateFleet(counties, { seed: 7 })).not.toEqual(fleet);
    const big = generateFleet(counties, { seed: 42, devices: 4000 });
    expect(big.length).toBeGreaterThan(3900);
  });

  it('gives the same values for the same device and instant, in any order', () => {
    const d = fleet.find((x) => x.kind === 'air' && !x.defect)!;
    const a = readingAt(d, T0);
    readingAt(fleet[0]!, T0 + 5000);
    expect(readingAt(d, T0)).toEqual(a);
    expect(values(a).pm25).toBeGreaterThan(0);
    expect(values(readingAt(d, T0 + 3_600_000))).not.toEqual(values(a));
  });

  it('follows the day: street lights on at night, off by day; rush-hour traffic', () => {
    const light = fleet.find((d) => d.kind === 'streetlight' && !d.defect)!;
    expect(values(readingAt(light, Date.parse('2026-11-24T14:00:00Z'))).powerState).toBe('on'); // 22:00 local
    expect(values(readingAt(light, Date.parse('2026-11-24T04:00:00Z'))).status === 'ok' ? values(readingAt(light, Date.parse('2026-11-24T04:00:00Z'))).powerState : 'off').toBe('off');
    const road = fleet.find((d) => d.kind === 'traffic' && d.props.road === 'G5' && !d.defect)!;
    const rush = Number(values(readingAt(road, Date.parse('2026-11-24T00:00:00Z'))).intensity); // 08:00
    const night = Number(values(readingAt(road, Date.parse('2026-11-23T19:00:00Z'))).intensity); // 03:00
    expect(rush).toBeGreaterThan(night * 2);
  });

  it('has realistic defects: silent, drifting, spiking and malformed devices', () => {
    const many = generateFleet(counties, { seed: 3, devices: 2000, defectRate: 0.2 });
    const kinds = new Set(many.filter((d) => d.defect).map((d) => d.defect));
    expect(kinds).toEqual(new Set(['silent', 'drift', 'spike', 'malformed']));
    const silent = many.find((d) => d.defect === 'silent')!;
    expect(readingAt(silent, Date.parse('2027-06-01T00:00:00Z'))).toBeNull();
    const bad = many.filter((d) => d.defect === 'malformed');
    const outputs = bad.flatMap((d) => Array.from({ length: 40 }, (_, i) => readingAt(d, T0 + i * d.intervalMs)));
    const broken = outputs.filter((r) => r?.kind === 'malformed');
    expect(broken.length).toBeGreaterThan(0);
    expect(() => JSON.parse((broken[0] as { payload: string }).payload)).toThrow();
  });
});

describe('scenarios', () => {
  const start = (name: keyof typeof SCENARIOS, at = T0): ActiveScenario => ({ spec: SCENARIOS[name], startedAt: at });
  const later = T0 + 3 * 3_600_000;

  it('forest-fire raises smoke and temperature near its point in Muli and nowhere else', () => {
    const fire = start('forest-fire');
    const points = fleet.filter((d) => d.kind === 'fire' && !d.defect);
    const near = points.filter((d) => distance(SCENARIOS['forest-fire'].center, [d.lon, d.lat]) < 15);
    const far = points.filter((d) => distance(SCENARIOS['forest-fire'].center, [d.lon, d.lat]) > SCENARIOS['forest-fire'].radiusKm);
    expect(near.length).toBeGreaterThan(0);
    expect(near.every((d) => d.county === '513422')).toBe(true);
    for (const d of near) {
      const calm = values(readingAt(d, later));
      const burning = values(readingAt(d, later, [fire]));
      expect(burning.smokeDetected).toBe(true);
      expect(Number(burning.temperature)).toBeGreaterThan(Number(calm.temperature) + 8);
      expect(burning.fireRiskLevel).toBe(5);
    }
    for (const d of far) expect(readingAt(d, later, [fire])).toEqual(readingAt(d, later));
    const air = fleet.filter((d) => d.kind === 'parking');
    for (const d of air) expect(readingAt(d, later, [fire])).toEqual(readingAt(d, later));
  });

  it('pollution-episode lifts PM2.5 in and around Xichang to a heavy-pollution level', () => {
    const ep = start('pollution-episode');
    const xichang = fleet.filter((d) => d.kind === 'air' && d.county === '513401' && !d.defect);
    for (const d of xichang) expect(Number(values(readingAt(d, later, [ep])).pm25)).toBeGreaterThan(3 * Number(values(readingAt(d, later)).pm25));
    const leibo = fleet.find((d) => d.kind === 'air' && d.county === '513437')!;
    expect(readingAt(leibo, later, [ep])).toEqual(readingAt(leibo, later));
  });

  it('each scenario changes the values it names, and only while it lasts', () => {
    for (const spec of Object.values(SCENARIOS)) {
      const active = startScenario(spec, fleet, T0);
      const mid = T0 + Math.min(spec.durationMinutes / 2, spec.rampMinutes * 2) * 60_000;
      const touched = fleet.filter((d) => !d.defect && spec.kinds.includes(d.kind) && distance(active.center ?? spec.center, [d.lon, d.lat]) < spec.radiusKm / 3);
      expect(touched.length, spec.name).toBeGreaterThan(0);
      expect(touched.some((d) => JSON.stringify(readingAt(d, mid, [active])) !== JSON.stringify(readingAt(d, mid))), spec.name).toBe(true);
      const after = T0 + (spec.durationMinutes + 1) * 60_000;
      for (const d of touched) expect(readingAt(d, after, [active])).toEqual(readingAt(d, after));
    }
  });
});
