import { describeWithPlatform } from '@zhicheng/kernel/testing';
import geo from '@zhicheng/geo';
import { beforeAll, expect, it } from 'vitest';
import broker from '../src/index.js';
import { admin, client, countyUser, testIdentityModule } from './helpers.js';

// Xichang (513401) and Huili (513424, far south): two counties of the demo prefecture.
const XICHANG: [number, number] = [102.267, 27.894];
const HUILI: [number, number] = [102.245, 26.66];

describeWithPlatform('NGSI-LD query (clauses 4.9, 4.10, 5.7.2, 6.4.3.2)', { modules: [testIdentityModule, geo, broker] }, (t) => {
  const c = client(t, admin);
  beforeAll(async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      id: `urn:ngsi-ld:Station:${String(i).padStart(2, '0')}`,
      type: i % 3 === 0 ? 'WeatherObserved' : 'AirQualityObserved',
      temperature: { type: 'Property', value: i, observedAt: `2026-01-01T00:${String(i).padStart(2, '0')}:00Z` },
      name: { type: 'Property', value: `station-${i}` },
      address: { type: 'Property', value: { city: i < 15 ? 'Xichang' : 'Huili', zip: 615000 + i } },
      ...(i % 5 === 0 ? { status: { type: 'Property', value: 'alarm', reason: { type: 'Property', value: 'smoke' } } } : {}),
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: i < 15 ? [XICHANG[0] + i * 0.001, XICHANG[1]] : [HUILI[0] + i * 0.001, HUILI[1]] } },
    }));
    const r = await c.json('POST', '/entityOperations/create', items);
    expect(r.statusCode).toBe(201);
  });

  const ids = async (url: string, headers: Record<string, string> = {}) => {
    const r = await c.get(url, headers);
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { id: string }[]).map((e) => Number(e.id.slice(-2)));
  };

  it('filters by type with the selection language and by id / idPattern', async () => {
    expect(await ids('/entities?type=WeatherObserved&limit=100')).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    expect((await ids('/entities?type=WeatherObserved,AirQualityObserved&limit=100')).length).toBe(30);
    expect(await ids('/entities?type=WeatherObserved;AirQualityObserved')).toEqual([]);
    expect(await ids('/entities?id=urn:ngsi-ld:Station:01,urn:ngsi-ld:Station:02')).toEqual([1, 2]);
    expect(await ids('/entities?idPattern=Station:2[0-2]$')).toEqual([20, 21, 22]);
    expect((await c.get('/entities?idPattern=(')).statusCode).toBe(400);
  });

  it('evaluates q: comparisons, ranges, lists, patterns, existence, AND/OR, paths and compound keys', async () => {
    expect(await ids('/entities?type=WeatherObserved&q=temperature>20')).toEqual([21, 24, 27]);
    expect(await ids('/entities?type=AirQualityObserved&q=temperature==4..8')).toEqual([4, 5, 7, 8]);
    expect(await ids('/entities?type=AirQualityObserved&q=temperature==1,2,29')).toEqual([1, 2, 29]);
    expect(await ids('/entities?type=AirQualityObserved&q=name~="station-1[0-3]"')).toEqual([10, 11, 13]);
    expect(await ids('/entities?type=AirQualityObserved&q=status;temperature<12')).toEqual([5, 10]);
    expect((await ids('/entities?type=AirQualityObserved&q=!status&limit=100')).length).toBe(16);
    expect(await ids('/entities?type=AirQualityObserved&q=(temperature<2|temperature>28);!status')).toEqual([1, 29]);
    expect(await ids('/entities?type=AirQualityObserved&q=status.reason=="smoke"')).toEqual([5, 10, 20, 25]);
    expect(await ids('/entities?type=WeatherObserved&q=address[city]=="Huili";address[zip]<615020')).toEqual([15, 18]);
    expect(await ids('/entities?type=WeatherObserved&q=temperature.observedAt>=2026-01-01T00:25:00Z')).toEqual([27]);
    expect(await ids('/entities?type=WeatherObserved&q=temperature>"abc"')).toEqual([]);
    const bad = await c.get('/entities?type=WeatherObserved&q=temperature>>1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
  });

  it('compares a value however it is held: plain, JSON-LD value object, string, relationship object', async () => {
    const kinds = [
      { id: 'urn:ngsi-ld:Gauge:01', level: { type: 'Property', value: 42 } },
      { id: 'urn:ngsi-ld:Gauge:02', level: { type: 'Property', value: { '@value': 43, '@type': 'http://www.w3.org/2001/XMLSchema#integer' } } },
      { id: 'urn:ngsi-ld:Gauge:03', level: { type: 'Property', value: '44' } },
      { id: 'urn:ngsi-ld:Gauge:04', level: { type: 'Property', value: 'high' } },
      { id: 'urn:ngsi-ld:Gauge:05', level: { type: 'Relationship', object: 'urn:ngsi-ld:Level:high' } },
      // an array is not unwrapped (a number comparison never matches it); a JsonProperty's json compares as it is
      { id: 'urn:ngsi-ld:Gauge:06', level: { type: 'Property', value: [45, 46] } },
      { id: 'urn:ngsi-ld:Gauge:07', level: { type: 'JsonProperty', json: 47 } },
      { id: 'urn:ngsi-ld:Gauge:08', level: { type: 'Property', value: { '@value': 'x' } } },
      { id: 'urn:ngsi-ld:Gauge:09', level: { type: 'Property', value: { reading: 49 } } },
      { id: 'urn:ngsi-ld:Gauge:10', level: { type: 'Property', value: 1e6 } },
    ].map((e) => ({ type: 'Gauge', ...e }));
    expect((await c.json('POST', '/entityOperations/create', kinds)).statusCode).toBe(201);
    const gauges = async (q: string) => (await ids(`/entities?type=Gauge&q=${encodeURIComponent(q)}`));
    expect(await gauges('level>40')).toEqual([1, 2, 7, 10]);
    expect(await gauges('level>=43;level<1000000')).toEqual([2, 7]);
    expect(await gauges('level<=42.0|level>999999.5')).toEqual([1, 10]);
    expect(await gauges('level==40..50')).toEqual([1, 2, 7]);
    expect(await gauges('level==42.5..43')).toEqual([2]);
    expect(await gauges('level!=40..50')).toEqual([3, 4, 5, 6, 8, 9, 10]);
    expect(await gauges('level[reading]>48')).toEqual([9]);
    // a relationship's object compares as the string it is
    expect(await gauges('level>"4"')).toEqual([3, 4, 5, 8]);
    expect(await gauges('level~="^h"')).toEqual([4]);
    expect(await gauges('level=="urn:ngsi-ld:Level:high"')).toEqual([5]);
    expect(await gauges('level!=42')).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await c.json('POST', '/entityOperations/delete', kinds.map((k) => k.id))).statusCode).toBe(204);
  });

  it('pages with limit/offset, counts with NGSILD-Results-Count and links next/prev', async () => {
    const r = await c.get('/entities?type=AirQualityObserved&limit=5&offset=5&count=true');
    expect(r.headers['ngsild-results-count']).toBe('20');
    expect((r.json() as unknown[]).length).toBe(5);
    expect(String(r.headers.link)).toMatch(/rel="next"/);
    expect(String(r.headers.link)).toMatch(/rel="prev"/);
    expect((await c.get('/entities?type=AirQualityObserved&limit=1001')).statusCode).toBe(403);
    expect((await c.get('/entities?type=AirQualityObserved&limit=0&count=true')).headers['ngsild-results-count']).toBe('20');
    expect((await c.get('/entities')).statusCode).toBe(400);
  });

  it('answers geo-queries: near with max/min distance, within a polygon, GeoJSON output', async () => {
    const near = await ids(`/entities?type=AirQualityObserved&georel=near;maxDistance==450&geometry=Point&coordinates=[${XICHANG[0]},${XICHANG[1]}]`);
    expect(near).toEqual([1, 2, 4]);
    const far = await ids(`/entities?type=WeatherObserved&georel=near;minDistance==50000&geometry=Point&coordinates=[${XICHANG[0]},${XICHANG[1]}]&limit=100`);
    expect(far).toEqual([15, 18, 21, 24, 27]);
    const poly = [[[102.0, 26.5], [102.5, 26.5], [102.5, 26.8], [102.0, 26.8], [102.0, 26.5]]];
    const within = await ids(`/entities?type=WeatherObserved&georel=within&geometry=Polygon&coordinates=${JSON.stringify(poly)}&limit=100`);
    expect(within).toEqual([15, 18, 21, 24, 27]);
    const fc = await c.get(`/entities?type=WeatherObserved&georel=within&geometry=Polygon&coordinates=${JSON.stringify(poly)}&limit=2`, { accept: 'application/geo+json' });
    expect(fc.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(fc.json()).toMatchObject({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point' } }, {}] });
    expect((await c.get('/entities?type=X&georel=near&geometry=Point&coordinates=[1,2]')).statusCode).toBe(400);
  });

  it('projects with attrs, pick and omit', async () => {
    const [e] = (await c.get('/entities?id=urn:ngsi-ld:Station:05&attrs=status&options=keyValues')).json();
    expect(e).toEqual({ id: 'urn:ngsi-ld:Station:05', type: 'AirQualityObserved', status: 'alarm' });
    const [p] = (await c.get('/entities?id=urn:ngsi-ld:Station:05&pick=id,temperature&options=keyValues')).json();
    expect(p).toEqual({ id: 'urn:ngsi-ld:Station:05', temperature: 5 });
    const [o] = (await c.get('/entities?id=urn:ngsi-ld:Station:05&omit=location,address,name,status&format=keyValues')).json();
    expect(o).toEqual({ id: 'urn:ngsi-ld:Station:05', type: 'AirQualityObserved', temperature: 5 });
  });

  it('lists types and attributes', async () => {
    expect((await c.get('/types')).json()).toMatchObject({ type: 'EntityTypeList', typeList: ['AirQualityObserved', 'WeatherObserved'] });
    const info = (await c.get('/types/WeatherObserved')).json();
    expect(info).toMatchObject({ type: 'EntityTypeInfo', typeName: 'WeatherObserved', entityCount: 10 });
    expect((await c.get('/attributes')).json().attributeList).toEqual(expect.arrayContaining(['temperature', 'address', 'location']));
    expect((await c.get('/attributes/status')).json()).toMatchObject({ attributeCount: 6 });
    expect((await c.get('/types/Nope')).statusCode).toBe(404);
  });

  it('never shows a county user another county\'s entities (404 for a guessed id)', async () => {
    const xichang = countyUser('513401');
    const mine = await ids('/entities?type=AirQualityObserved,WeatherObserved&limit=100', xichang);
    expect(mine).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const guessed = await c.inject({ method: 'GET', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Station:20', headers: xichang });
    expect(guessed.statusCode).toBe(404);
    const patch = await c.inject({ method: 'PATCH', url: '/ngsi-ld/v1/entities/urn:ngsi-ld:Station:20/attrs/temperature', payload: { value: 1 }, headers: xichang });
    expect(patch.statusCode).toBe(404);
    // Creating in another county is refused.
    const huili = { id: 'urn:ngsi-ld:Station:x', type: 'WeatherObserved', location: { type: 'GeoProperty', value: { type: 'Point', coordinates: HUILI } } };
    expect((await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: huili, headers: xichang })).statusCode).toBe(403);
    const reader = { 'x-test-user': 'r', 'x-test-perms': 'entities:read' };
    expect((await c.inject({ method: 'POST', url: '/ngsi-ld/v1/entities', payload: { ...huili, id: 'urn:ngsi-ld:Station:y' }, headers: reader })).statusCode).toBe(403);
  });
});
