import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker from '../src/index.js';
import { client, testIdentityModule } from './helpers.js';

const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';
const thing = (n: number, v = n) => ({ id: `urn:ngsi-ld:Thing:${n}`, type: 'Thing', v: { type: 'Property', value: v } });

describeWithPlatform('NGSI-LD batch operations (clauses 6.14–6.18) and concurrency', { modules: [testIdentityModule, broker] }, (t) => {
  const c = client(t);

  it('creates: 201 with the ids; partial failure is 207 with success and errors (entityId + ProblemDetails)', async () => {
    const ok = await c.json('POST', '/entityOperations/create', [thing(1), thing(2)]);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual(['urn:ngsi-ld:Thing:1', 'urn:ngsi-ld:Thing:2']);
    const mixed = await c.json('POST', '/entityOperations/create', [thing(2), thing(3), { id: 'urn:ngsi-ld:Thing:4' }]);
    expect(mixed.statusCode).toBe(207);
    const body = mixed.json();
    expect(body.success).toEqual(['urn:ngsi-ld:Thing:3']);
    expect(body.errors).toEqual(expect.arrayContaining([
      { entityId: 'urn:ngsi-ld:Thing:2', error: expect.objectContaining({ type: `${ETSI}AlreadyExists`, status: 409 }) },
      { entityId: 'urn:ngsi-ld:Thing:4', error: expect.objectContaining({ type: `${ETSI}BadRequestData`, status: 400 }) },
    ]));
    expect((await c.json('POST', '/entityOperations/create', { not: 'an array' })).statusCode).toBe(400);
  });

  it('upserts (replace by default, options=update merges), updates, merges and deletes in batches', async () => {
    expect((await c.json('POST', '/entityOperations/upsert', [{ ...thing(1, 10), w: { type: 'Property', value: 1 } }, thing(5)])).statusCode).toBe(201);
    expect((await c.json('POST', '/entityOperations/upsert?options=replace', [thing(1, 11)])).statusCode).toBe(201);
    expect(Object.keys((await c.get('/entities/urn:ngsi-ld:Thing:1')).json())).toEqual(['id', 'type', 'v']);
    await c.json('POST', '/entityOperations/upsert?options=update', [{ id: 'urn:ngsi-ld:Thing:1', type: 'Thing', w: { type: 'Property', value: 2 } }]);
    expect((await c.get('/entities/urn:ngsi-ld:Thing:1?options=keyValues')).json()).toMatchObject({ v: 11, w: 2 });
    const upd = await c.json('POST', '/entityOperations/update', [{ id: 'urn:ngsi-ld:Thing:1', v: { type: 'Property', value: 12 } }, { id: 'urn:ngsi-ld:Thing:99', v: { type: 'Property', value: 1 } }]);
    expect(upd.statusCode).toBe(207);
    expect(upd.json().errors[0]).toMatchObject({ entityId: 'urn:ngsi-ld:Thing:99', error: { type: `${ETSI}ResourceNotFound` } });
    expect((await c.json('POST', '/entityOperations/merge', [{ id: 'urn:ngsi-ld:Thing:1', w: 'urn:ngsi-ld:null' }])).statusCode).toBe(204);
    expect((await c.get('/entities/urn:ngsi-ld:Thing:1?options=keyValues')).json()).toEqual({ id: 'urn:ngsi-ld:Thing:1', type: 'Thing', v: 12 });
    const del = await c.json('POST', '/entityOperations/delete', ['urn:ngsi-ld:Thing:5', 'urn:ngsi-ld:Thing:404']);
    expect(del.statusCode).toBe(207);
    expect(del.json().success).toEqual(['urn:ngsi-ld:Thing:5']);
    expect((await c.get('/entities/urn:ngsi-ld:Thing:5')).statusCode).toBe(404);
  });

  it('queries with POST /entityOperations/query', async () => {
    const r = await c.json('POST', '/entityOperations/query?count=true', { type: 'Query', entities: [{ type: 'Thing' }], q: 'v>2' });
    expect(r.statusCode).toBe(200);
    expect(r.json().map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:Thing:1', 'urn:ngsi-ld:Thing:3']);
    expect(r.headers['ngsild-results-count']).toBe('2');
  });

  it('loses no attribute when many clients merge different attributes of one entity at once', async () => {
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Thing:hot', type: 'Thing' });
    const n = 40;
    const results = await Promise.all(Array.from({ length: n }, (_, i) =>
      c.json('PATCH', '/entities/urn:ngsi-ld:Thing:hot', { [`a${i}`]: { type: 'Property', value: i } })));
    expect(results.every((r) => r.statusCode === 204)).toBe(true);
    const e = (await c.get('/entities/urn:ngsi-ld:Thing:hot?options=keyValues')).json();
    for (let i = 0; i < n; i++) expect(e[`a${i}`]).toBe(i);
  });
});
