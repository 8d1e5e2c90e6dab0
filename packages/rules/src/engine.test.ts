import { describe, expect, it } from 'vitest';
import { engineWith, minutes, point, ruleOf, T0, transitions } from './test-helpers.js';

const pm25Rule = ruleOf('rule_pm25', { condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 75, hysteresis: 10, forSeconds: 7200 } });

describe('threshold with hysteresis and minimum duration', () => {
  it('raises only after the value stays above for the duration, clears only below threshold − hysteresis', async () => {
    const { engine, signals } = engineWith([pm25Rule]);
    const values = [80, 90, 85, 88, 70, 68, 64, 80];
    // every 30 minutes: above from 0 to 90 min (< 2 h): no alarm yet
    await engine.process(values.slice(0, 4).map((v, i) => point('e1', T0 + minutes(30 * i), { pm25: v })));
    expect(transitions(signals)).toEqual([]);
    await engine.process([point('e1', T0 + minutes(120), { pm25: 79 })]);
    expect(transitions(signals)).toEqual(['raise@120:e1']);
    // 70 and 68 are in the band (65..75): still active; 64 clears
    await engine.process([point('e1', T0 + minutes(150), { pm25: 70 }), point('e1', T0 + minutes(180), { pm25: 68 })]);
    expect(transitions(signals)).toEqual(['raise@120:e1']);
    await engine.process([point('e1', T0 + minutes(210), { pm25: 64 })]);
    expect(transitions(signals)).toEqual(['raise@120:e1', 'clear@210:e1']);
  });

  it('restarts the duration when the value dips below the threshold or the data pauses', async () => {
    const { engine, signals } = engineWith([pm25Rule]);
    await engine.process([0, 60, 100].map((m) => point('e1', T0 + minutes(m), { pm25: 90 })));
    await engine.process([point('e1', T0 + minutes(110), { pm25: 72 })]); // band: not above, duration restarts
    await engine.process([point('e1', T0 + minutes(130), { pm25: 90 }), point('e1', T0 + minutes(240), { pm25: 90 })]);
    expect(transitions(signals)).toEqual([]);
    // a gap longer than an hour between 240 and 400 restarts the count
    await engine.process([point('e1', T0 + minutes(400), { pm25: 90 }), point('e1', T0 + minutes(460), { pm25: 90 })]);
    expect(transitions(signals)).toEqual([]);
    await engine.process([point('e1', T0 + minutes(520), { pm25: 90 })]);
    expect(transitions(signals)).toEqual(['raise@520:e1']);
  });

  it('keeps one state per entity, ignores late data and sends paced refreshes while active', async () => {
    const rule = ruleOf('rule_fast', { condition: { kind: 'threshold', attribute: 'pm25', op: '>=', value: 100, hysteresis: 0, forSeconds: 0 } });
    const { engine, signals } = engineWith([rule]);
    await engine.process([point('a', T0, { pm25: 100 }), point('b', T0, { pm25: 99 }), point('a', T0 + 30_000, { pm25: 120 }), point('a', T0 + 70_000, { pm25: 130 })]);
    await engine.process([point('a', T0 - 1000, { pm25: 1 })]);
    expect(signals.map((s) => `${s.type}:${s.sourceId}`)).toEqual(['raise:a', 'refresh:a']);
    expect(signals[0]).toMatchObject({ ruleId: 'rule_fast', severity: 'major', divisionCode: '513401', departmentId: 'dept-env', value: 100 });
  });

  it('skips entities outside the rule’s division and values that are not numbers', async () => {
    const rule = ruleOf('rule_x', { divisionCode: '513401', condition: { kind: 'threshold', attribute: 'pm25', op: '>', value: 1, hysteresis: 0, forSeconds: 0 } });
    const { engine, signals } = engineWith([rule]);
    await engine.process([
      point('in-township', T0, { pm25: 5 }, { divisionCode: '513401001' }),
      point('other-county', T0, { pm25: 5 }, { divisionCode: '513422' }),
      point('text', T0, { pm25: 'n/a' }),
    ]);
    expect(transitions(signals)).toEqual(['raise@0:in-township']);
  });
});

describe('rate of change', () => {
  it('raises when the value rises more than the limit within the window', async () => {
    const rule = ruleOf('rule_rise', { entityType: 'WaterLevel', condition: { kind: 'rate', attribute: 'level', windowSeconds: 3600, op: '>', value: 0.5 } });
    const { engine, signals } = engineWith([rule]);
    const pts = [[0, 1.0], [20, 1.2], [40, 1.4], [60, 1.6], [80, 1.7], [120, 1.75], [180, 1.8]] as const;
    await engine.process(pts.map(([m, v]) => point('river', T0 + minutes(m), { level: v }, { entityType: 'WaterLevel' })));
    // +0.6 between 0 and 60 min; at 80 min the window holds 20..80 (+0.5, not above the limit)
    expect(transitions(signals)).toEqual(['raise@60:river', 'clear@80:river']);
  });
});

describe('no data / device offline', () => {
  it('raises from the timer when an entity falls silent and clears on fresh data', async () => {
    let now = T0;
    const rule = ruleOf('rule_silent', { condition: { kind: 'noData', timeoutSeconds: 600, deviceEvents: true } });
    const { engine, signals } = engineWith([rule], { now: () => now });
    await engine.process([point('s1', T0, { pm25: 10 }), point('s2', T0, { pm25: 10 })]);
    await engine.process([point('s2', T0 + minutes(9), { pm25: 10 })]);
    now = T0 + minutes(11);
    await engine.tick();
    expect(transitions(signals)).toEqual(['raise@11:s1']);
    await engine.tick(T0 + minutes(12)); // no second raise
    await engine.process([point('s1', T0 + minutes(13), { pm25: 11 })]);
    expect(transitions(signals)).toEqual(['raise@11:s1', 'clear@13:s1']);
  });

  it('knows entities it never heard from and follows device offline/online events', async () => {
    const rule = ruleOf('rule_silent', { condition: { kind: 'noData', timeoutSeconds: 600, deviceEvents: true } });
    const { engine, signals } = engineWith([rule], { now: () => T0 });
    engine.know({ entityId: 'quiet', entityType: 'AirQualityObserved', departmentId: null, divisionCode: '513401' });
    await engine.tick(T0);
    await engine.tick(T0 + minutes(11));
    await engine.deviceEvent('offline', { entityId: 'dev9', entityType: 'AirQualityObserved', at: T0 + minutes(1) });
    await engine.deviceEvent('online', { entityId: 'dev9', at: T0 + minutes(2) });
    expect(transitions(signals)).toEqual(['raise@11:quiet', 'raise@1:dev9', 'clear@2:dev9']);
  });
});

describe('geofence', () => {
  it('raises when a tracked entity leaves the area and clears when it returns', async () => {
    const square = { type: 'Polygon' as const, coordinates: [[[102, 27], [103, 27], [103, 28], [102, 28], [102, 27]]] };
    const rule = ruleOf('rule_fence', { entityType: 'Vehicle', condition: { kind: 'geofence', mode: 'outside', area: square } });
    const { engine, signals } = engineWith([rule]);
    const at = (m: number, lon: number, lat: number) => point('truck', T0 + minutes(m), { speed: 40 }, { entityType: 'Vehicle', location: [lon, lat] });
    await engine.process([at(0, 102.5, 27.5), at(1, 103.5, 27.5), at(2, 103.6, 27.5), at(3, 102.9, 27.9)]);
    expect(transitions(signals)).toEqual(['raise@1:truck', 'clear@3:truck']);
  });
});

describe('composite over an area', () => {
  it('raises per township when three fire-risk points there are above level 4', async () => {
    const rule = ruleOf('rule_fire', { entityType: 'FireRisk', condition: { kind: 'composite', attribute: 'level', op: '>', value: 4, groupBy: 'township', minCount: 3 } });
    const { engine, signals } = engineWith([rule]);
    const p = (id: string, m: number, level: number, d = '513401001') => point(id, T0 + minutes(m), { level }, { entityType: 'FireRisk', divisionCode: d });
    await engine.process([p('f1', 0, 5), p('f2', 1, 5), p('g1', 2, 5, '513401002'), p('g2', 2, 5, '513401002')]);
    expect(transitions(signals)).toEqual([]);
    await engine.process([p('f3', 3, 6)]);
    expect(transitions(signals)).toEqual(['raise@3:division:513401001']);
    await engine.process([p('f3', 4, 6), p('f2', 5, 3)]);
    expect(transitions(signals)).toEqual(['raise@3:division:513401001', 'clear@5:division:513401001']);
    expect(signals[0]).toMatchObject({ divisionCode: '513401001', sourceType: 'AdministrativeArea', value: 3 });
  });
});

describe('schedules and calendars (Asia/Shanghai)', () => {
  it('evaluates only inside the local hours, weekdays and dates and clears outside them', async () => {
    const rule = ruleOf('rule_night', {
      entityType: 'NoiseLevel',
      condition: { kind: 'threshold', attribute: 'leq', op: '>', value: 45, hysteresis: 0, forSeconds: 0 },
      schedule: { hours: [{ from: '22:00', to: '06:00' }], weekdays: [1, 2, 3, 4, 5], excludeDates: ['2026-05-05'] },
    });
    const { engine, signals } = engineWith([rule]);
    const n = (iso: string, leq: number) => point('n1', Date.parse(iso), { leq }, { entityType: 'NoiseLevel' });
    // 2026-05-04 is a Monday. 13:59Z = 21:59 local (day), 14:00Z = 22:00 local (night)
    await engine.process([n('2026-05-04T13:59:00Z', 60), n('2026-05-04T14:00:00Z', 60), n('2026-05-04T22:00:00Z', 60)]);
    const times = signals.filter((s) => s.type !== 'refresh').map((s) => `${s.type}@${s.at}`);
    expect(times).toEqual(['raise@2026-05-04T14:00:00.000Z', 'clear@2026-05-04T22:00:00.000Z']);
    // 2026-05-05 (a holiday in the rule's calendar) starts at 16:00Z of the 4th
    const m = (iso: string, leq: number) => point('n2', Date.parse(iso), { leq }, { entityType: 'NoiseLevel' });
    await engine.process([m('2026-05-04T15:59:00Z', 60), m('2026-05-04T16:00:00Z', 60)]);
    expect(signals.filter((s) => s.type !== 'refresh').map((s) => `${s.type}@${s.at}`).slice(2)).toEqual(['raise@2026-05-04T15:59:00.000Z', 'clear@2026-05-04T16:00:00.000Z']);
    // Saturday 2026-05-09 23:00 local: outside the weekdays
    await engine.process([point('n3', Date.parse('2026-05-09T15:00:00Z'), { leq: 70 }, { entityType: 'NoiseLevel' })]);
    expect(signals.filter((s) => s.sourceId === 'n3')).toEqual([]);
  });
});

describe('expressions (JSONata)', () => {
  it('evaluates derived values and conditions over the entity’s latest attributes', async () => {
    const ratio = ruleOf('rule_load', { entityType: 'ScenicSpot', condition: { kind: 'threshold', expression: 'attributes.visitors / attributes.capacity', op: '>', value: 0.9, hysteresis: 0.1, forSeconds: 0 } });
    const both = ruleOf('rule_both', { entityType: 'ScenicSpot', condition: { kind: 'expression', expression: 'attributes.visitors > 100 and attributes.weather = "storm"', attributes: ['visitors', 'weather'], forSeconds: 0 } });
    const { engine, signals } = engineWith([ratio, both]);
    const s = (m: number, a: Record<string, unknown>) => point('lugu', T0 + minutes(m), a, { entityType: 'ScenicSpot' });
    await engine.process([s(0, { capacity: 1000, visitors: 950, weather: 'sun' }), s(1, { visitors: 850 }), s(2, { visitors: 790 }), s(3, { weather: 'storm' })]);
    expect(signals.map((x) => `${x.type}:${x.ruleId}@${(Date.parse(x.at) - T0) / 60_000}`)).toEqual(['raise:rule_load@0', 'clear:rule_load@2', 'raise:rule_both@3']);
  });

  it('counts failures per rule instead of stopping', async () => {
    const bad = ruleOf('rule_bad', { condition: { kind: 'expression', expression: '$error("boom")', attributes: ['pm25'], forSeconds: 0 } });
    const { engine, signals } = engineWith([bad]);
    await engine.process([point('e', T0, { pm25: 1 }), point('e', T0 + 1, { pm25: 2 })]);
    expect(signals).toEqual([]);
    expect(engine.stats.errors.get('rule_bad')?.count).toBe(2);
  });
});

describe('restart mid-window', () => {
  it('continues a pending duration and a rate window from a snapshot in a new engine', async () => {
    const rate = ruleOf('rule_rise', { condition: { kind: 'rate', attribute: 'pm25', windowSeconds: 3600, op: '>', value: 30 } });
    const first = engineWith([pm25Rule, rate]);
    await first.engine.process([point('e1', T0, { pm25: 80 }), point('e1', T0 + minutes(30), { pm25: 81 })]);
    const snapshot = JSON.parse(JSON.stringify(first.engine.exportStates(true)));
    expect(snapshot).toHaveLength(2);

    const second = engineWith([pm25Rule, rate]);
    second.engine.importStates(snapshot);
    await second.engine.process([point('e1', T0 + minutes(80), { pm25: 115 }), point('e1', T0 + minutes(120), { pm25: 90 })]);
    // +34 within the hour uses the sample taken before the restart; the 2 h duration started at 0, before it
    expect(second.signals.map((s) => `${s.type}:${s.ruleId}@${(Date.parse(s.at) - T0) / 60_000}`)).toEqual(['raise:rule_rise@80', 'raise:rule_pm25@120', 'clear:rule_rise@120']);
  });

  it('does not raise again for a condition that was already active before the restart', async () => {
    const first = engineWith([pm25Rule]);
    await first.engine.process([0, 60, 120].map((m) => point('e1', T0 + minutes(m), { pm25: 99 })));
    expect(transitions(first.signals)).toEqual(['raise@120:e1']);
    const second = engineWith([pm25Rule]);
    second.engine.importStates(first.engine.exportStates(false));
    await second.engine.process([point('e1', T0 + minutes(150), { pm25: 99 }), point('e1', T0 + minutes(180), { pm25: 10 })]);
    expect(transitions(second.signals)).toEqual(['clear@180:e1']);
  });
});
