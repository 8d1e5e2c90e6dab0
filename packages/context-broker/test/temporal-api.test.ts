import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, expect, it } from 'vitest';
import broker, { contextBrokerServiceKey, ENTITIES_UPDATED, foldRollups, type EntityUpdatedEvent, type ObservationBatchItem } from '../src/index.js';
import { admin, client, SDM_LINK, testIdentityModule } from './helpers.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const ID = 'urn:ngsi-ld:AirQualityObserved:t1';
const minuteBatch = (): ObservationBatchItem[] => [{
  entityId: ID, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401',
  attrs: Array.from({ length: 180 }, (_, i) => ({ name: 'pm25', value: i, unitCode: 'GQ', observedAt: new Date(T0 + i * 60_000) })),
}];

/** Hand-computed statistics of the integers a..b. */
const stats = (a: number, b: number) => {
  const xs = Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const n = xs.length;
  const sum = xs.reduce((s, x) => s + x, 0);
  const sumsq = xs.reduce((s, x) => s + x * x, 0);
  return { n, sum, sumsq, avg: sum / n, min: a, max: b, stddev: Math.sqrt((sumsq - (sum * sum) / n) / (n - 1)) };
};

describeWithPlatform('NGSI-LD temporal API and the bulk write service (clause 6.18–6.22)', {
  modules: [testIdentityModule, broker], env: { ZC_NGSI_RETENTION: '{"ShortLived": {"historyDays": 2, "rollupDays": 40}}' },
}, (t) => {
  // Ingestion names attributes with the Smart Data Models context; clients see short names with it.
  const c = client(t, { ...admin, ...SDM_LINK });
  const events: EntityUpdatedEvent[][] = [];

  beforeAll(async () => {
    t.platform().ctx.bus.subscribe<EntityUpdatedEvent[]>(ENTITIES_UPDATED, (p) => {
      events.push(p);
    });
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const r = await svc.writeObservations(minuteBatch());
    expect(r).toEqual({ entities: 1, points: 180, newPoints: 180, notifications: 0 });
  });

  it('keeps the latest value on the entity and publishes one bus event per batch', async () => {
    const e = (await c.get(`/entities/${ID}?options=keyValues`)).json();
    expect(e).toEqual({ id: ID, type: 'AirQualityObserved', pm25: 179 });
    await new Promise((res) => setTimeout(res, 20));
    expect(events.length).toBe(1);
    expect(events[0]).toEqual([{ tenant: '', entityId: ID, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401', location: null, observedAt: new Date(T0 + 179 * 60_000).toISOString(), attributes: { pm25: 179 } }]);
  });

  it('is idempotent: the same observations again add no history and no rollup counts', async () => {
    const r = await t.platform().ctx.services.get(contextBrokerServiceKey).writeObservations(minuteBatch());
    expect(r.newPoints).toBe(0);
    const agg = (await c.get(`/temporal/entities/${ID}?options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=PT1H`)).json();
    expect(agg.pm25.totalCount.map((x: unknown[]) => x[0])).toEqual([60, 60, 60]);
    // An older observation never overwrites the newer latest value.
    await t.platform().ctx.services.get(contextBrokerServiceKey).writeObservations([{ ...minuteBatch()[0]!, attrs: [{ name: 'pm25', value: -1, observedAt: new Date(T0 - 60_000) }] }]);
    expect((await c.get(`/entities/${ID}?options=keyValues`)).json().pm25).toBe(179);
  });

  it('merges the latest state per attribute: a newer observation replaces and keeps createdAt, an older one is ignored, a new attribute is added', async () => {
    const ID3 = 'urn:ngsi-ld:Device:t-merge';
    const created = await c.json('POST', '/entities', {
      id: ID3, type: 'Device',
      pm25: { type: 'Property', value: 5, observedAt: '2026-01-01T01:00:00Z' }, pm10: { type: 'Property', value: 50, observedAt: '2026-01-01T03:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
    const before = (await c.get(`/entities/${ID3}?options=sysAttrs`)).json();
    await t.platform().ctx.services.get(contextBrokerServiceKey).writeObservations([{
      entityId: ID3, entityType: 'Device', departmentId: 'env', divisionCode: '513401',
      attrs: [
        { name: 'pm25', value: 6, observedAt: '2026-01-01T02:00:00Z' }, // newer: replaces
        { name: 'pm10', value: 40, observedAt: '2026-01-01T02:00:00Z' }, // older than the stored 03:00: ignored
        { name: 'no2', value: 7, unitCode: 'GQ', observedAt: '2026-01-01T02:00:00Z' }, // new attribute
      ],
    }]);
    const after = (await c.get(`/entities/${ID3}?options=sysAttrs`)).json();
    expect(after.pm25).toMatchObject({ value: 6, observedAt: '2026-01-01T02:00:00.000Z', createdAt: before.pm25.createdAt });
    expect(after.pm10).toMatchObject({ value: 50, observedAt: '2026-01-01T03:00:00.000Z', createdAt: before.pm10.createdAt });
    expect(after.no2).toMatchObject({ value: 7, unitCode: 'GQ', observedAt: '2026-01-01T02:00:00.000Z' });
  });

  it('adds an attribute to an instant already recorded once, and counts only what is new in a mixed batch', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const ID2 = 'urn:ngsi-ld:WaterQualityObserved:t-mixed';
    const at = (m: number) => new Date(T0 + m * 60_000);
    const base = { entityId: ID2, entityType: 'WaterQualityObserved', departmentId: 'env', divisionCode: '513401' };
    expect((await svc.writeObservations([{ ...base, attrs: [{ name: 'pm25', value: 1, observedAt: at(0) }, { name: 'pm25', value: 2, observedAt: at(1) }] }])).newPoints).toBe(2);
    // One batch: minute 0 again with pm25 (recorded) and pm10 (new at a recorded instant), minute 2 new.
    const r = await svc.writeObservations([{ ...base, attrs: [
      { name: 'pm25', value: 99, observedAt: at(0) }, { name: 'pm10', value: 10, observedAt: at(0) }, { name: 'pm25', value: 3, observedAt: at(2) },
    ] }]);
    expect(r.newPoints).toBe(2);
    expect((await svc.writeObservations([{ ...base, attrs: [{ name: 'pm10', value: 10, observedAt: at(0) }] }])).newPoints).toBe(0);
    const range = 'timerel=between&timeAt=2026-01-01T00:00:00Z&endTimeAt=2026-01-01T00:10:00Z';
    const h = (await c.get(`/temporal/entities/${ID2}?${range}&options=temporalValues`)).json();
    // The first recorded value of an instant stays (99 never replaced 1).
    expect(h.pm25.values.map((v: unknown[]) => v[0]).sort()).toEqual([1, 2, 3]);
    expect(h.pm10.values).toEqual([[10, at(0).toISOString()]]);
    await foldRollups(t.platform().ctx.db, { all: true });
    const agg = (await c.get(`/temporal/entities/${ID2}?options=aggregatedValues&aggrMethods=totalCount,sum&aggrPeriodDuration=PT1H`)).json();
    expect(agg.pm25.totalCount[0][0]).toBe(3);
    expect(agg.pm25.sum[0][0]).toBe(6);
    expect(agg.pm10.totalCount[0][0]).toBe(1);
  });

  it('aggregates hourly from the rollups and from raw history to the hand-computed values', async () => {
    const all = 'totalCount,sum,avg,min,max,stddev,sumsq,distinctCount';
    const between = 'timerel=between&timeAt=2026-01-01T00:00:00Z&endTimeAt=2026-01-01T03:00:00Z';
    const rolled = (await c.get(`/temporal/entities/${ID}?${between}&options=aggregatedValues&aggrMethods=${all.replace(',distinctCount', '')}&aggrPeriodDuration=PT1H`)).json();
    const raw = (await c.get(`/temporal/entities/${ID}?${between}&options=aggregatedValues&aggrMethods=${all}&aggrPeriodDuration=PT1H`)).json();
    for (const [h, a] of [[0, 0], [1, 60], [2, 120]] as const) {
      const s = stats(a, a + 59);
      for (const out of [rolled, raw]) {
        expect(out.pm25.totalCount[h]).toEqual([s.n, new Date(T0 + h * 3_600_000).toISOString(), new Date(T0 + (h + 1) * 3_600_000).toISOString()]);
        expect(out.pm25.sum[h][0]).toBe(s.sum);
        expect(out.pm25.sumsq[h][0]).toBe(s.sumsq);
        expect(out.pm25.avg[h][0]).toBeCloseTo(s.avg, 9);
        expect(out.pm25.min[h][0]).toBe(s.min);
        expect(out.pm25.max[h][0]).toBe(s.max);
        expect(out.pm25.stddev[h][0]).toBeCloseTo(s.stddev, 9);
      }
    }
    expect(raw.pm25.distinctCount[0][0]).toBe(60);
    // A range that does not start on the hour comes from raw history: 00:30..01:30 = values 30..89 in 2 partial hours.
    const partial = (await c.get(`/temporal/entities/${ID}?timerel=between&timeAt=2026-01-01T00:30:00Z&endTimeAt=2026-01-01T01:30:00Z&options=aggregatedValues&aggrMethods=sum,totalCount`)).json();
    expect(partial.pm25.sum[0][0]).toBe(stats(30, 89).sum);
    expect(partial.pm25.totalCount[0][0]).toBe(60);
  });

  it('answers the same from pending and folded rollups; folding and redelivery count nothing twice', async () => {
    const url = `/temporal/entities/${ID}?timerel=between&timeAt=2026-01-01T00:00:00Z&endTimeAt=2026-01-01T03:00:00Z&options=aggregatedValues&aggrMethods=totalCount,sum,min,max&aggrPeriodDuration=PT1H`;
    const db = t.platform().ctx.db;
    const pending = (await c.get(url)).json();
    expect(pending.pm25.totalCount.map((x: unknown[]) => x[0])).toEqual([60, 60, 60]);
    while ((await foldRollups(db, { all: true })) > 0) { /* until empty */ }
    expect((await db.query<{ n: number }>('select count(*)::int as n from ngsi.rollup_pending'))[0]!.n).toBe(0);
    expect((await c.get(url)).json()).toEqual(pending);
    // A redelivered batch marks no hour; a late point in a folded hour is added to it.
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    expect((await svc.writeObservations(minuteBatch())).newPoints).toBe(0);
    expect((await db.query<{ n: number }>('select count(*)::int as n from ngsi.rollup_pending'))[0]!.n).toBe(0);
    const w = (value: number, ms: number): ObservationBatchItem[] => [{ entityId: 'urn:ngsi-ld:WeatherObserved:late', entityType: 'WeatherObserved', departmentId: 'env', divisionCode: '513401', attrs: [{ name: 'temperature', value, observedAt: new Date(T0 + ms) }] }];
    await svc.writeObservations([{ ...w(1, 0)[0]!, attrs: [...w(1, 0)[0]!.attrs, ...w(2, 60_000)[0]!.attrs] }]);
    while ((await foldRollups(db, { all: true })) > 0) { /* until empty */ }
    await svc.writeObservations(w(10, 30_000));
    const lateUrl = `/temporal/entities/urn:ngsi-ld:WeatherObserved:late?timerel=between&timeAt=2026-01-01T00:00:00Z&endTimeAt=2026-01-01T01:00:00Z&options=aggregatedValues&aggrMethods=totalCount,sum,max&aggrPeriodDuration=PT1H`;
    const late = (await c.get(lateUrl)).json();
    expect([late.temperature.totalCount[0][0], late.temperature.sum[0][0], late.temperature.max[0][0]]).toEqual([3, 13, 10]);
    while ((await foldRollups(db, { all: true })) > 0) { /* until empty */ }
    expect((await c.get(lateUrl)).json()).toEqual(late);
  });

  it('buckets calendar days in Asia/Shanghai', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    await svc.writeObservations([{ entityId: 'urn:ngsi-ld:AirQualityObserved:day', entityType: 'AirQualityObserved', departmentId: null, divisionCode: null,
      attrs: [{ name: 'pm25', value: 1, observedAt: '2026-01-01T23:30:00+08:00' }, { name: 'pm25', value: 5, observedAt: '2026-01-02T00:30:00+08:00' }] }]);
    const out = (await c.get('/temporal/entities/urn:ngsi-ld:AirQualityObserved:day?options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=P1D')).json();
    expect(out.pm25.sum).toEqual([[1, '2025-12-31T16:00:00.000Z', '2026-01-01T16:00:00.000Z'], [5, '2026-01-01T16:00:00.000Z', '2026-01-02T16:00:00.000Z']]);
  });

  it('answers instances (normalized), lastN, temporalValues and temporal queries by type', async () => {
    const last = (await c.get(`/temporal/entities/${ID}?lastN=2`)).json();
    expect(last.pm25).toEqual([
      { type: 'Property', value: 178, observedAt: new Date(T0 + 178 * 60_000).toISOString(), unitCode: 'GQ' },
      { type: 'Property', value: 179, observedAt: new Date(T0 + 179 * 60_000).toISOString(), unitCode: 'GQ' },
    ]);
    const tv = (await c.get(`/temporal/entities/${ID}?options=temporalValues&timerel=before&timeAt=2026-01-01T00:02:00Z`)).json();
    expect(tv.pm25).toEqual({ type: 'Property', values: [[-1, '2025-12-31T23:59:00.000Z'], [0, '2026-01-01T00:00:00.000Z'], [1, '2026-01-01T00:01:00.000Z']] });
    const q = (await c.get('/temporal/entities?type=AirQualityObserved&attrs=pm25&lastN=1')).json();
    expect(q.map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:AirQualityObserved:day', ID]);
    const post = await c.json('POST', '/temporal/entityOperations/query', { type: 'Query', entities: [{ type: 'AirQualityObserved' }], temporalQ: { timerel: 'after', timeAt: '2026-01-01T02:59:00Z' } });
    expect(post.json().find((e: { id: string }) => e.id === ID).pm25).toHaveLength(1);
    expect((await c.get(`/temporal/entities/${ID}?timerel=between&timeAt=2026-01-01T00:00:00Z`)).statusCode).toBe(400);
    expect((await c.get(`/temporal/entities/${ID}?options=aggregatedValues&aggrMethods=median`)).statusCode).toBe(400);
  });

  it('keeps a change made without a new observedAt: dated when it was made; the same value again adds nothing', async () => {
    const id = 'urn:ngsi-ld:WeatherObserved:patched';
    const T1 = '2026-03-01T08:00:00.000Z';
    expect((await c.json('POST', '/entities', { id, type: 'WeatherObserved', temperature: { type: 'Property', value: 20, observedAt: T1 } })).statusCode).toBe(201);
    const before = Date.now();
    // partial update and merge keep the attribute's observedAt (clause 5.6.4, 5.6.17): the value changes
    expect((await c.json('PATCH', `/entities/${id}/attrs/temperature`, { value: 25 })).statusCode).toBe(204);
    expect((await c.get(`/entities/${id}`)).json().temperature).toMatchObject({ value: 25, observedAt: T1 });
    expect((await c.json('PATCH', `/entities/${id}/attrs/temperature`, { value: 25 })).statusCode).toBe(204);
    expect((await c.json('PATCH', `/entities/${id}`, { temperature: { type: 'Property', value: 26 } })).statusCode).toBe(204);
    const tv = (await c.get(`/temporal/entities/${id}?options=temporalValues`)).json();
    const values = tv.temperature.values as [number, string][];
    expect(values.map(([v]) => v)).toEqual([20, 25, 26]);
    expect(values[0]![1]).toBe(T1);
    for (const [, at] of values.slice(1)) expect(Date.parse(at)).toBeGreaterThanOrEqual(before - 1000);
    // a change with its own observedAt is recorded at that instant, as before
    expect((await c.json('PATCH', `/entities/${id}/attrs/temperature`, { value: 27, observedAt: '2026-03-01T09:00:00Z' })).statusCode).toBe(204);
    const last = (await c.get(`/temporal/entities/${id}?lastN=1&timerel=before&timeAt=2026-03-01T10:00:00Z`)).json();
    expect(last.temperature).toMatchObject([{ value: 27, observedAt: '2026-03-01T09:00:00.000Z' }]);
  });

  it('creates temporal evolution with POST /temporal/entities (201, then 204)', async () => {
    const body = { id: 'urn:ngsi-ld:Vehicle:1', type: 'Vehicle', speed: [{ type: 'Property', value: 10, observedAt: '2026-02-01T00:00:00Z' }, { type: 'Property', value: 30, observedAt: '2026-02-01T00:01:00Z' }] };
    expect((await c.json('POST', '/temporal/entities', body)).statusCode).toBe(201);
    expect((await c.json('POST', '/temporal/entities', { ...body, speed: [{ type: 'Property', value: 20, observedAt: '2026-02-01T00:00:30Z' }] })).statusCode).toBe(204);
    const tv = (await c.get('/temporal/entities/urn:ngsi-ld:Vehicle:1?options=temporalValues')).json();
    expect(tv.speed.values.map((v: unknown[]) => v[0])).toEqual([10, 20, 30]);
    expect((await c.get('/entities/urn:ngsi-ld:Vehicle:1?options=keyValues')).json().speed).toBe(30);
  });

  it('keeps history in day partitions per retention class and drops expired ones whole', async () => {
    const b = t.platform().ctx.services.get(contextBrokerServiceKey);
    await b.writeObservations([{ entityId: 'urn:ngsi-ld:ShortLived:1', entityType: 'ShortLived', departmentId: null, divisionCode: null, attrs: [{ name: 'x', value: 1, observedAt: '2026-01-01T00:00:00Z' }] }]);
    const db = t.platform().ctx.db;
    const names = (await db.query<{ relname: string }>("select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'ngsi' and relkind in ('r', 'p') and relname like 'history_r%' order by 1")).map((r) => r.relname);
    expect(names).toEqual(expect.arrayContaining(['history_r2', 'history_r2_20260101', 'history_r400', 'history_r400_20260101']));
    const { createPartitionManager } = await import('../src/temporal/partitions.js');
    const pm = createPartitionManager(db);
    // On 2026-01-04 the 2-day class has expired (its day ended 3 days ago), the 400-day one has not.
    const dropped = await pm.dropExpired(Date.parse('2026-01-04T00:00:00Z'));
    expect(dropped).toContain('history_r2_20260101');
    expect(dropped.some((n) => n.startsWith('history_r400'))).toBe(false);
    expect((await c.get('/temporal/entities/urn:ngsi-ld:ShortLived:1')).json().x).toBeUndefined();
    expect((await c.get(`/temporal/entities/${ID}?lastN=1`)).json().pm25).toHaveLength(1);
    // The hour marked for rollups lost its day partition: folding removes the mark, rolls up nothing.
    const marked = () => db.query(`select 1 from ngsi.rollup_pending where entity_id = 'urn:ngsi-ld:ShortLived:1'`);
    expect(await marked()).toHaveLength(1);
    while ((await foldRollups(db, { all: true })) > 0) { /* until empty */ }
    expect(await marked()).toHaveLength(0);
    expect(await db.query(`select 1 from ngsi.rollup_hour where entity_id = 'urn:ngsi-ld:ShortLived:1'`)).toHaveLength(0);
  });
});
