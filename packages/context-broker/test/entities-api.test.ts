import { describeWithPlatform } from '@zhicheng/kernel/testing';
import geo from '@zhicheng/geo';
import { expect, it } from 'vitest';
import broker from '../src/index.js';
import { client, CORE, sensor, testIdentityModule } from './helpers.js';

const ETSI = 'https://uri.etsi.org/ngsi-ld/errors/';

describeWithPlatform('NGSI-LD entities (clauses 5.6, 6.4–6.7)', { modules: [testIdentityModule, geo, broker] }, (t) => {
  const c = client(t);

  it('creates an entity: 201 with Location; a second create is 409 AlreadyExists', async () => {
    const r = await c.json('POST', '/entities', sensor(1));
    expect(r.statusCode).toBe(201);
    expect(r.headers.location).toBe('/ngsi-ld/v1/entities/urn%3Angsi-ld%3AAirQualityObserved%3A1');
    const again = await c.json('POST', '/entities', sensor(1));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: `${ETSI}AlreadyExists`, status: 409 });
    expect(again.headers['content-type']).toMatch(/^application\/json/);
  });

  it('retrieves normalized with a Link header, ld+json with @context in the body, keyValues and concise', async () => {
    const r = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1');
    expect(r.statusCode).toBe(200);
    expect(r.headers.link).toBe(`<${CORE}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`);
    expect(r.json()).toEqual({
      id: 'urn:ngsi-ld:AirQualityObserved:1', type: 'AirQualityObserved',
      pm25: { type: 'Property', value: 11, unitCode: 'GQ', observedAt: '2026-01-01T00:00:00.000Z' },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [102.267, 27.894] } },
    });
    const ld = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1', { accept: 'application/ld+json' });
    expect(ld.headers['content-type']).toMatch(/^application\/ld\+json/);
    expect(ld.json()['@context']).toBe(CORE);
    const kv = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1?options=keyValues');
    expect(kv.json()).toEqual({ id: 'urn:ngsi-ld:AirQualityObserved:1', type: 'AirQualityObserved', pm25: 11, location: { type: 'Point', coordinates: [102.267, 27.894] } });
    const concise = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1?format=concise');
    expect(concise.json().pm25).toEqual({ value: 11, unitCode: 'GQ', observedAt: '2026-01-01T00:00:00.000Z' });
    expect(concise.json().location).toEqual({ type: 'Point', coordinates: [102.267, 27.894] });
  });

  it('answers 404 ResourceNotFound, 406 for an unsupported Accept, 415 for an unsupported Content-Type, 400 InvalidRequest for bad JSON', async () => {
    const nf = await c.get('/entities/urn:ngsi-ld:X:nope');
    expect(nf.statusCode).toBe(404);
    expect(nf.json().type).toBe(`${ETSI}ResourceNotFound`);
    expect((await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1', { accept: 'text/csv' })).statusCode).toBe(406);
    const xml = await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: '<x/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
    const bad = await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: '{"id": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe(`${ETSI}InvalidRequest`);
  });

  it('rejects bad data with 400 BadRequestData: no type, id not a URI, Property without value, @context in plain JSON', async () => {
    for (const body of [{ id: 'urn:x:1' }, { id: 'not a uri', type: 'T' }, { id: 'urn:x:2', type: 'T', a: { type: 'Property' } }, { '@context': CORE, id: 'urn:x:3', type: 'T' }]) {
      const r = await c.json('POST', '/entities', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().type).toBe(`${ETSI}BadRequestData`);
    }
  });

  it('takes the @context from an application/ld+json body and stores expanded names', async () => {
    const body = { '@context': [{ temp: 'https://example.org/def/temperature' }, CORE], id: 'urn:ngsi-ld:Room:1', type: 'https://example.org/def/Room', temp: { type: 'Property', value: 21 } };
    const r = await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: JSON.stringify(body), headers: { 'content-type': 'application/ld+json' } });
    expect(r.statusCode).toBe(201);
    // Without the context the attribute shows as its full IRI.
    const plain = (await c.get('/entities/urn:ngsi-ld:Room:1')).json();
    expect(plain['https://example.org/def/temperature']).toEqual({ type: 'Property', value: 21 });
    // With an inline context, answers in JSON link to a copy of it that we serve.
    const withCtx = await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entityOperations/query', payload: JSON.stringify({ type: 'Query', '@context': body['@context'], entities: [{ type: 'https://example.org/def/Room' }] }), headers: { 'content-type': 'application/ld+json' } });
    expect(withCtx.statusCode).toBe(200);
    expect(withCtx.json()[0].temp).toEqual({ type: 'Property', value: 21 });
    const url = /^<([^>]+)>/.exec(String(withCtx.headers.link))![1]!;
    const served = await c.inject({ method: 'GET', url: new URL(url).pathname });
    expect(served.json()['@context']).toEqual(body['@context']);
  });

  it('refuses a Link context from a host not allowed with 503 LdContextNotAvailable', async () => {
    const r = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1', { link: '<https://contexts.example.org/ctx.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' });
    expect(r.statusCode).toBe(503);
    expect(r.json().type).toBe(`${ETSI}LdContextNotAvailable`);
    // Any core-context URL is served from the local copy.
    const core = await c.get('/entities/urn:ngsi-ld:AirQualityObserved:1', { link: '<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.6.jsonld>; rel="http://www.w3.org/ns/json-ld#context"' });
    expect(core.statusCode).toBe(200);
  });

  it('appends (noOverwrite → 207), updates (missing → 207), patches, replaces and deletes attributes', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:1';
    const ap = await c.json('POST', `/entities/${id}/attrs?options=noOverwrite`, { pm25: { type: 'Property', value: 99 }, no2: { type: 'Property', value: 5 } });
    expect(ap.statusCode).toBe(207);
    expect(ap.json()).toMatchObject({ updated: ['no2'], notUpdated: [{ attributeName: 'pm25' }] });
    const up = await c.json('PATCH', `/entities/${id}/attrs`, { no2: { type: 'Property', value: 6 }, ghost: { type: 'Property', value: 1 } });
    expect(up.statusCode).toBe(207);
    expect(up.json().notUpdated[0].attributeName).toBe('ghost');
    expect((await c.json('PATCH', `/entities/${id}/attrs/no2`, { value: 7 })).statusCode).toBe(204);
    expect((await c.get(`/entities/${id}?options=keyValues&attrs=no2`)).json()).toEqual({ id, type: 'AirQualityObserved', no2: 7 });
    expect((await c.json('PATCH', `/entities/${id}/attrs/ghost`, { value: 7 })).statusCode).toBe(404);
    expect((await c.json('PUT', `/entities/${id}/attrs/no2`, { type: 'Property', value: 8, unitCode: 'GQ' })).statusCode).toBe(204);
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}/attrs/no2` })).statusCode).toBe(204);
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}/attrs/no2` })).statusCode).toBe(404);
  });

  it('merges with PATCH /entities/{id}: members merge, urn:ngsi-ld:null deletes', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:m';
    await c.json('POST', '/entities', sensor('m', { status: { type: 'Property', value: 'ok', since: { type: 'Property', value: 'x' } } }));
    expect((await c.json('PATCH', `/entities/${id}`, { status: { type: 'Property', value: 'bad' }, pm25: 'urn:ngsi-ld:null' })).statusCode).toBe(204);
    const e = (await c.get(`/entities/${id}`)).json();
    expect(e.status).toEqual({ type: 'Property', value: 'bad', since: { type: 'Property', value: 'x' } });
    expect(e.pm25).toBeUndefined();
  });

  it('replaces with PUT and deletes the entity', async () => {
    const id = 'urn:ngsi-ld:AirQualityObserved:r';
    await c.json('POST', '/entities', sensor('r'));
    expect((await c.json('PUT', `/entities/${id}`, { type: 'AirQualityObserved', so2: { type: 'Property', value: 3 } })).statusCode).toBe(204);
    expect(Object.keys((await c.get(`/entities/${id}`)).json())).toEqual(['id', 'type', 'so2']);
    expect((await c.inject({ method: 'DELETE', url: `/ngsi-ld/v1/entities/${id}` })).statusCode).toBe(204);
    expect((await c.get(`/entities/${id}`)).statusCode).toBe(404);
  });

  it('keeps multi-instance attributes by datasetId, and Relationships and LanguageProperties', async () => {
    const id = 'urn:ngsi-ld:Building:1';
    const r = await c.json('POST', '/entities', {
      id, type: 'Building',
      temperature: [{ type: 'Property', value: 20, datasetId: 'urn:ngsi-ld:Dataset:a' }, { type: 'Property', value: 22 }],
      owner: { type: 'Relationship', object: 'urn:ngsi-ld:Person:1' },
      name: { type: 'LanguageProperty', languageMap: { zh: '大楼', en: 'Building' } },
    });
    expect(r.statusCode).toBe(201);
    const e = (await c.get(`/entities/${id}`)).json();
    expect(e.temperature).toHaveLength(2);
    expect(e.owner).toEqual({ type: 'Relationship', object: 'urn:ngsi-ld:Person:1' });
    const en = (await c.get(`/entities/${id}?lang=en`)).json();
    expect(en.name).toEqual({ type: 'Property', value: 'Building', lang: 'en' });
  });

  it('scopes data by tenant: unknown tenant on read is 404 NonexistentTenant, a write creates it', async () => {
    const r = await c.get('/entities?type=AirQualityObserved', { 'ngsild-tenant': 'city2' });
    expect(r.statusCode).toBe(404);
    expect(r.json().type).toBe(`${ETSI}NonexistentTenant`);
    expect((await c.json('POST', '/entities', sensor(1), { 'ngsild-tenant': 'city2' })).statusCode).toBe(201);
    const list = await c.get('/entities?type=AirQualityObserved', { 'ngsild-tenant': 'city2' });
    expect(list.json()).toHaveLength(1);
    expect(list.headers['ngsild-tenant']).toBe('city2');
  });
});
