import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it, vi } from 'vitest';
import broker, { contextBrokerServiceKey, foldRollups } from '../src/index.js';
import { admin, client, SDM_LINK, testIdentityModule } from './helpers.js';

const T0 = Date.parse('2026-05-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

/**
 * Migration 0010: plain numbers are stored as codes and values, every other cell as jsonb; a
 * number whose code was not known yet when written stays jsonb. Readers must not tell the two
 * apart: the same instances, units, aggregations and rollups come back either way.
 */
describeWithPlatform('history cells: plain numbers as arrays, the rest as jsonb', { modules: [testIdentityModule, broker] }, (t) => {
  const c = client(t, { ...admin, ...SDM_LINK });
  const ID = 'urn:ngsi-ld:WeatherObserved:cells';

  it('stores numbers of ingestion as codes with their units and gives them back unchanged', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const db = t.platform().ctx.db;
    const values = [0.1 + 0.2, -7, 1e21, 20.5];
    await svc.writeObservations([{
      entityId: ID, entityType: 'WeatherObserved', departmentId: 'env', divisionCode: '513401',
      attrs: values.flatMap((v, i) => [
        { name: 'temperature', value: v, unitCode: 'CEL', observedAt: at(i) },
        { name: 'windSpeed', value: i, observedAt: at(i) },
        { name: 'weatherType', value: `sunny ${i}`, observedAt: at(i) },
        { name: 'illuminance', value: { lux: i }, observedAt: at(i) },
      ]),
    }]);
    const rows = await db.query<{ attrs: Record<string, unknown> | null; nk: number[]; nv: number[] }>('select attrs, nk, nv from ngsi.history where entity_id = $1 order by ts', [ID]);
    expect(rows).toHaveLength(4);
    for (const [i, r] of rows.entries()) {
      expect(r.nv).toHaveLength(2);
      expect(r.nv).toContain(values[i]);
      expect(Object.keys(r.attrs!).map((k) => k.split('/').pop()).sort()).toEqual(['illuminance', 'weatherType']);
    }
    const keys = await db.query<{ key: string; unit: string }>(`select key, unit from ngsi.history_keys where key like '%/temperature' or key like '%/windSpeed' order by key`);
    expect(keys.map((k) => [k.key.split('/').pop(), k.unit])).toEqual([['temperature', 'CEL'], ['windSpeed', '']]);

    const all = (await c.get(`/temporal/entities/${ID}`)).json();
    expect(all.temperature).toEqual(values.map((v, i) => ({ type: 'Property', value: v, observedAt: at(i).toISOString(), unitCode: 'CEL' })));
    expect(all.windSpeed.map((x: { value: number }) => x.value)).toEqual([0, 1, 2, 3]);
    expect(all.windSpeed[0]).not.toHaveProperty('unitCode');
    expect(all.weatherType.map((x: { value: string }) => x.value)).toEqual(['sunny 0', 'sunny 1', 'sunny 2', 'sunny 3']);
    expect(all.illuminance[3].value).toEqual({ lux: 3 });

    const agg = (await c.get(`/temporal/entities/${ID}?options=aggregatedValues&aggrMethods=totalCount,sum,max,distinctCount&aggrPeriodDuration=PT1H&attrs=windSpeed,weatherType`)).json();
    expect([agg.windSpeed.totalCount[0][0], agg.windSpeed.sum[0][0], agg.windSpeed.max[0][0], agg.windSpeed.distinctCount[0][0]]).toEqual([4, 6, 3, 4]);
    expect(agg.weatherType.distinctCount[0][0]).toBe(4);
  });

  it('writes a number as jsonb while its code is unknown, then as a code; reads, aggregates and folds both', async () => {
    const db = t.platform().ctx.db;
    const id = 'urn:ngsi-ld:Vehicle:cells';
    const created = await c.json('POST', '/entities', { id, type: 'Vehicle', cellTestSpeed: { type: 'Property', value: 10, unitCode: 'KMH', observedAt: at(0).toISOString() } });
    expect(created.statusCode).toBe(201);
    const forms = () => db.query<{ json: boolean; code: boolean }>(`select attrs is not null and attrs::text like '%cellTestSpeed%' as json, nk is not null as code from ngsi.history where entity_id = $1 order by ts`, [id]);
    expect(await forms()).toEqual([{ json: true, code: false }]);
    // The first write asked for the code outside its transaction; once this process has it, a write uses it.
    let k = 0;
    await vi.waitFor(async () => {
      k++;
      expect((await c.json('PATCH', `/entities/${id}/attrs/cellTestSpeed`, { type: 'Property', value: 30, unitCode: 'KMH', observedAt: at(60 + k).toISOString() })).statusCode).toBe(204);
      expect((await forms()).at(-1)).toEqual({ json: false, code: true });
    });
    expect(await db.query(`select unit from ngsi.history_keys where key like '%cellTestSpeed'`)).toEqual([{ unit: 'KMH' }]);
    const written: [number, string][] = [[10, at(0).toISOString()], ...Array.from({ length: k }, (_, i): [number, string] => [30, at(61 + i).toISOString()])];

    const tv = (await c.get(`/temporal/entities/${id}?options=temporalValues&attrs=cellTestSpeed`)).json();
    expect(tv.cellTestSpeed.values).toEqual(written);
    const norm = (await c.get(`/temporal/entities/${id}?attrs=cellTestSpeed`)).json();
    expect(norm.cellTestSpeed.map((x: { unitCode: string }) => x.unitCode)).toEqual(written.map(() => 'KMH'));
    const url = `/temporal/entities/${id}?options=aggregatedValues&aggrMethods=totalCount,sum,min,max&aggrPeriodDuration=PT1H&attrs=cellTestSpeed&timerel=between&timeAt=2026-05-01T00:00:00Z&endTimeAt=2026-05-01T01:00:00Z`;
    const before = (await c.get(url)).json();
    expect([before.cellTestSpeed.totalCount[0][0], before.cellTestSpeed.sum[0][0], before.cellTestSpeed.min[0][0], before.cellTestSpeed.max[0][0]]).toEqual([1 + k, 10 + 30 * k, 10, 30]);
    while ((await foldRollups(db, { all: true })) > 0) { /* until empty */ }
    expect((await c.get(url)).json()).toEqual(before);
    const [roll] = await db.query<{ n: number; sum: number }>(`select n::int, sum::float8 from ngsi.rollup_hour where entity_id = $1`, [id]);
    expect(roll).toEqual({ n: 1 + k, sum: 10 + 30 * k });
  });

  it('adds a redelivered instant\'s new attribute to a row of codes, once', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const base = { entityId: ID, entityType: 'WeatherObserved', departmentId: 'env', divisionCode: '513401' };
    // windSpeed at instant 0 is recorded as a code; pressure at the same instant is new, windSpeed again is not.
    const r = await svc.writeObservations([{ ...base, attrs: [{ name: 'windSpeed', value: 99, observedAt: at(0) }, { name: 'atmosphericPressure', value: 1013, observedAt: at(0) }] }]);
    expect(r.newPoints).toBe(1);
    expect((await svc.writeObservations([{ ...base, attrs: [{ name: 'atmosphericPressure', value: 1013, observedAt: at(0) }] }])).newPoints).toBe(0);
    const tv = (await c.get(`/temporal/entities/${ID}?options=temporalValues&attrs=windSpeed,atmosphericPressure&timerel=before&timeAt=${at(1).toISOString()}`)).json();
    expect(tv.windSpeed.values).toEqual([[0, at(0).toISOString()]]);
    expect(tv.atmosphericPressure.values).toEqual([[1013, at(0).toISOString()]]);
  });
});
