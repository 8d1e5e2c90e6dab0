import { gunzipSync } from 'node:zlib';
import { headerAuthModule, describeWithPlatform, testUser } from '@zhicheng/kernel/testing';
import type { InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import geo from '../src/index.js';

const reader = testUser();
const importer = testUser(['geo:import']);

describeWithPlatform('geo API', { modules: [headerAuthModule, geo] }, (t) => {
  const inject = (opts: InjectOptions) => t.platform().app.inject(opts);

  it('seeded the Liangshan division tree and boundaries on first start', async () => {
    const counties = (await inject({ url: '/api/v1/geo/divisions?parent=513400&limit=100', headers: reader })).json();
    expect(counties.total).toBe(17);
    expect(counties.items[0]).toMatchObject({ code: '513401', name: '西昌市', level: 'county', parentCode: '513400' });
    const all = (await inject({ url: '/api/v1/geo/divisions?limit=1', headers: reader })).json();
    expect(all.total).toBe(322);
    const fc = await inject({ url: '/api/v1/geo/boundaries?level=county', headers: reader });
    expect(fc.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = fc.json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(17);
    const total = body.features.reduce((s: number, f: { properties: { areaKm2: number } }) => s + f.properties.areaKm2, 0);
    expect(total).toBeGreaterThan(60_000);
    expect(total).toBeLessThan(60_700);
  });

  it('sends boundaries gzipped to a client that accepts it, the same collection as plain', async () => {
    const plain = await inject({ url: '/api/v1/geo/boundaries?level=county', headers: reader });
    const zipped = await inject({ url: '/api/v1/geo/boundaries?level=county', headers: { ...reader, 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers a repeated boundaries request with 304 when nothing changed', async () => {
    const first = await inject({ url: '/api/v1/geo/boundaries?level=prefecture', headers: reader });
    expect(first.json().features).toHaveLength(1);
    const again = await inject({ url: '/api/v1/geo/boundaries?level=prefecture', headers: { ...reader, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('locates Xichang inside 西昌市 and the prefecture', async () => {
    const r = (await inject({ url: '/api/v1/geo/locate?lon=102.267&lat=27.894', headers: reader })).json();
    expect(r.items.map((d: { code: string }) => d.code)).toEqual(['513401', '513400']);
    const outside = (await inject({ url: '/api/v1/geo/locate?lon=116.4&lat=39.9', headers: reader })).json();
    expect(outside.items).toEqual([]);
  });

  it('describes one division and answers 404 for an unknown code', async () => {
    const d = (await inject({ url: '/api/v1/geo/divisions/513401', headers: reader })).json();
    expect(d).toMatchObject({ code: '513401', hasBoundary: true, path: ['513400', '513401'] });
    expect(d.childCount).toBeGreaterThan(10);
    expect(d.bbox[0]).toBeLessThan(102.3);
    const missing = await inject({ url: '/api/v1/geo/divisions/513499', headers: reader });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ERR_GEO_DIVISION_NOT_FOUND');
    expect((await inject({ url: '/api/v1/geo/divisions/abc', headers: reader })).statusCode).toBe(400);
  });

  it('imports a city boundary only with geo:import, all or nothing', async () => {
    const township = (await inject({ url: '/api/v1/geo/divisions?parent=513401&limit=1', headers: reader })).json().items[0];
    const fc = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { adcode: township.code, name: township.name }, geometry: { type: 'Polygon', coordinates: [[[102.2, 27.8], [102.3, 27.8], [102.3, 27.9], [102.2, 27.9], [102.2, 27.8]]] } }],
    };
    const denied = await inject({ method: 'POST', url: '/api/v1/geo/boundaries/import', headers: reader, payload: fc });
    expect(denied.statusCode).toBe(403);
    const bad = await inject({ method: 'POST', url: '/api/v1/geo/boundaries/import', headers: importer, payload: { ...fc, features: [...fc.features, { type: 'Feature', properties: { adcode: '513401002' }, geometry: null }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ index: 1, code: '513401002', reason: 'geometry must be a Polygon or MultiPolygon' }]);
    expect((await inject({ url: `/api/v1/geo/divisions/${township.code}`, headers: reader })).json().hasBoundary).toBe(false);
    const ok = await inject({ method: 'POST', url: '/api/v1/geo/boundaries/import', headers: importer, payload: fc });
    expect(ok.json()).toEqual({ inserted: 0, updated: 1, errors: [] });
    const d = (await inject({ url: `/api/v1/geo/divisions/${township.code}`, headers: reader })).json();
    expect(d).toMatchObject({ hasBoundary: true, path: ['513400', '513401', township.code] });
    const located = (await inject({ url: '/api/v1/geo/locate?lon=102.25&lat=27.85', headers: reader })).json();
    expect(located.items[0].code).toBe(township.code);
  });

  it('needs credentials', async () => {
    expect((await inject({ url: '/api/v1/geo/divisions' })).statusCode).toBe(401);
  });
});
