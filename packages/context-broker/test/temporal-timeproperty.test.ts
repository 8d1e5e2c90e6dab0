import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker, { contextBrokerServiceKey } from '../src/index.js';
import { client, testIdentityModule } from './helpers.js';

const ERR = (name: string) => `https://uri.etsi.org/ngsi-ld/errors/${name}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithPlatform('NGSI-LD temporal API: timeproperty observedAt | createdAt | modifiedAt (clauses 6.3.12, 5.7.2, 5.7.3)', { modules: [testIdentityModule, broker] }, (t) => {
  const c = client(t);
  const ID = 'urn:ngsi-ld:WaterQualityObserved:tp1';
  let t0 = '';
  let t1 = '';

  it('records when each instance entered the history, beside its observedAt', async () => {
    // Observed in 2020, recorded now; then a late report observed in 2019, recorded later.
    expect((await c.json('POST', '/entities', { id: ID, type: 'WaterQualityObserved', ph: { type: 'Property', value: 7.1, observedAt: '2020-01-01T00:00:00Z' } })).statusCode).toBe(201);
    await sleep(60);
    t0 = new Date().toISOString();
    await sleep(60);
    expect((await c.json('POST', '/temporal/entities', { id: ID, type: 'WaterQualityObserved', ph: [{ type: 'Property', value: 6.5, observedAt: '2019-06-01T00:00:00Z' }] })).statusCode).toBe(204);
    await sleep(60);
    t1 = new Date().toISOString();

    const byObserved = (await c.get(`/temporal/entities/${ID}`)).json();
    expect(byObserved.ph.map((i: { value: number }) => i.value)).toEqual([6.5, 7.1]);
    // Without timeproperty and sysAttrs, instances carry observedAt only.
    expect(byObserved.ph[0].modifiedAt).toBeUndefined();

    const byModified = (await c.get(`/temporal/entities/${ID}?timeproperty=modifiedAt`)).json();
    expect(byModified.ph.map((i: { value: number }) => i.value)).toEqual([7.1, 6.5]);
    for (const i of byModified.ph as { createdAt: string; modifiedAt: string; observedAt: string }[]) {
      expect(i.modifiedAt).toBe(i.createdAt);
      expect(i.observedAt).toBeDefined();
    }
    expect(byModified.ph[0].modifiedAt < t0 && byModified.ph[1].modifiedAt > t0 && byModified.ph[1].modifiedAt < t1).toBe(true);
  });

  it('applies timerel, lastN and temporalValues to the chosen timeproperty', async () => {
    const after = (await c.get(`/temporal/entities/${ID}?timeproperty=modifiedAt&timerel=after&timeAt=${t0}`)).json();
    expect(after.ph).toEqual([expect.objectContaining({ value: 6.5, observedAt: '2019-06-01T00:00:00.000Z' })]);
    const before = (await c.get(`/temporal/entities/${ID}?timeproperty=createdAt&timerel=before&timeAt=${t0}`)).json();
    expect(before.ph).toEqual([expect.objectContaining({ value: 7.1 })]);
    // The same instant range by observedAt finds neither (both were observed long before).
    expect((await c.get(`/temporal/entities/${ID}?timerel=after&timeAt=${t0}`)).json().ph).toBeUndefined();
    // lastN: the instance recorded last, not the one observed last.
    expect((await c.get(`/temporal/entities/${ID}?timeproperty=modifiedAt&lastN=1`)).json().ph).toEqual([expect.objectContaining({ value: 6.5 })]);
    expect((await c.get(`/temporal/entities/${ID}?lastN=1`)).json().ph).toEqual([expect.objectContaining({ value: 7.1 })]);
    const values = (await c.get(`/temporal/entities/${ID}?timeproperty=createdAt&options=temporalValues`)).json();
    expect(values.ph.values.map((v: [number, string]) => v[0])).toEqual([7.1, 6.5]);
    expect(values.ph.values[1][1] > t0).toBe(true);
    const observed = (await c.get(`/temporal/entities/${ID}?options=temporalValues`)).json();
    expect(observed.ph.values).toEqual([[6.5, '2019-06-01T00:00:00.000Z'], [7.1, '2020-01-01T00:00:00.000Z']]);
    // sysAttrs adds the recorded times with the default timeproperty too.
    expect((await c.get(`/temporal/entities/${ID}?options=sysAttrs`)).json().ph[0].createdAt).toBeDefined();
    // Aggregation by recording time (raw history; rollups are by instant).
    const agg = (await c.get(`/temporal/entities/${ID}?timeproperty=modifiedAt&timerel=after&timeAt=${t0}&options=aggregatedValues&aggrMethods=totalCount,max`)).json();
    expect(agg.ph.totalCount[0][0]).toBe(1);
    expect(agg.ph.max[0][0]).toBe(6.5);
    // Queries over several entities take it too.
    const q = (await c.get(`/temporal/entities?type=WaterQualityObserved&timeproperty=modifiedAt&timerel=after&timeAt=${t0}`)).json();
    expect(q[0].ph).toEqual([expect.objectContaining({ value: 6.5 })]);
    const post = await c.json('POST', '/temporal/entityOperations/query', { type: 'Query', entities: [{ type: 'WaterQualityObserved' }], temporalQ: { timeproperty: 'modifiedAt', timerel: 'before', timeAt: t0 } });
    expect(post.json()[0].ph).toEqual([expect.objectContaining({ value: 7.1 })]);
  });

  it('refuses unknown timeproperty values (400 BadRequestData) and deletedAt, which the history does not record (422)', async () => {
    const bad = await c.get(`/temporal/entities/${ID}?timeproperty=observedOn`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe(ERR('BadRequestData'));
    const del = await c.get(`/temporal/entities/${ID}?timeproperty=deletedAt`);
    expect(del.statusCode).toBe(422);
    expect(del.json().type).toBe(ERR('OperationNotSupported'));
  });

  it('dates ingested observations and attributes merged later into a recorded instant by their own recording time', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const E = 'urn:ngsi-ld:WaterQualityObserved:tp2';
    const at = '2024-03-01T08:00:00+08:00';
    await svc.writeObservations([{ entityId: E, entityType: 'WaterQualityObserved', departmentId: null, divisionCode: null, attrs: [{ name: 'temperature', value: 12, observedAt: at }] }]);
    await sleep(60);
    const mid = new Date().toISOString();
    await sleep(60);
    // Same entity and instant: the new attribute joins the recorded row with its own time.
    await svc.writeObservations([{ entityId: E, entityType: 'WaterQualityObserved', departmentId: null, divisionCode: null, attrs: [{ name: 'temperature', value: 99, observedAt: at }, { name: 'pH', value: 8, observedAt: at }] }]);
    const sdm = { link: '<https://smartdatamodels.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' };
    const late = (await c.get(`/temporal/entities/${E}?timeproperty=modifiedAt&timerel=after&timeAt=${mid}`, sdm)).json();
    expect(late.pH).toEqual([expect.objectContaining({ value: 8 })]);
    // The first recorded temperature stays (idempotent history), dated by its first recording.
    expect(late.temperature).toBeUndefined();
    const early = (await c.get(`/temporal/entities/${E}?timeproperty=modifiedAt&timerel=before&timeAt=${mid}`, sdm)).json();
    expect(early.temperature).toEqual([expect.objectContaining({ value: 12 })]);
    // Rows recorded before recorded_at existed count as recorded at their instant.
    await t.platform().ctx.db.query('update ngsi.history set recorded_at = null where entity_id = $1', [E]);
    const legacy = (await c.get(`/temporal/entities/${E}?timeproperty=modifiedAt&attrs=temperature`, sdm)).json();
    expect(legacy.temperature[0].modifiedAt).toBe(new Date(at).toISOString());
  });
});
