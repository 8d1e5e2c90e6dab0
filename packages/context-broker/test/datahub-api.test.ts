import { describeWithPlatform } from '@zhicheng/kernel/testing';
import geo from '@zhicheng/geo';
import { beforeAll, expect, it } from 'vitest';
import broker, { contextBrokerServiceKey } from '../src/index.js';
import { admin, countyUser, testIdentityModule } from './helpers.js';

describeWithPlatform('Data hub console API (/api/v1/datahub) and metrics', { modules: [testIdentityModule, geo, broker] }, (t) => {
  const get = (url: string, headers: Record<string, string> = admin) => t.platform().app.inject({ method: 'GET', url, headers });
  beforeAll(async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    for (const [n, div, dept] of [[1, '513401', 'met'], [2, '513401', 'met'], [3, '513424', 'met'], [4, '513401', 'eeb']] as const) {
      await svc.upsertEntity({ entity: {
        id: `urn:ngsi-ld:WeatherObserved:${n}`, type: 'WeatherObserved', temperature: { type: 'Property', value: n },
        ...(n < 4 ? { location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [102.2 + n / 10, 27.8 + 1 / 3] } } } : {}),
        refDevice: { type: 'Relationship', object: `urn:ngsi-ld:Device:${n}` },
        // Not in the Smart Data Models context: stored under the default context's IRI.
        stationLabel: { type: 'Property', value: `S${n}` },
      }, departmentId: dept, divisionCode: div });
    }
    const T0 = Date.parse('2026-03-01T00:00:00Z');
    await svc.writeObservations([{ entityId: 'urn:ngsi-ld:WeatherObserved:1', entityType: 'WeatherObserved', departmentId: 'met', divisionCode: '513401',
      attrs: Array.from({ length: 1000 }, (_, i) => ({ name: 'temperature', value: Math.sin(i / 30) * 10, observedAt: new Date(T0 + i * 60_000) })) }]);
  });

  it('lists entities with server-side paging and a county filter, within the caller\'s scope', async () => {
    const all = (await get('/api/v1/datahub/entities?type=WeatherObserved&limit=2')).json();
    expect(all.total).toBe(4);
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toMatchObject({ id: 'urn:ngsi-ld:WeatherObserved:1', type: 'WeatherObserved', divisionCode: '513401', departmentId: 'met' });
    expect((await get('/api/v1/datahub/entities?type=WeatherObserved&county=513424')).json().total).toBe(1);
    const byDept = (await get('/api/v1/datahub/entities?type=WeatherObserved&county=513401&department=eeb')).json();
    expect(byDept.items.map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:WeatherObserved:4']);
    expect((await get('/api/v1/datahub/entities?type=WeatherObserved', countyUser('513424'))).json().items.map((e: { id: string }) => e.id)).toEqual(['urn:ngsi-ld:WeatherObserved:3']);
    expect((await get('/api/v1/datahub/entities?q=Observed:2')).json().total).toBe(1);
  });

  it('gives each listed entity the latest observation time of its attributes', async () => {
    const items = (await get('/api/v1/datahub/entities?type=WeatherObserved')).json().items as { id: string; observedAt: string | null }[];
    // Entity 1 carries the last of its 1000 observations; the others were never observed.
    expect(items.find((e) => e.id === 'urn:ngsi-ld:WeatherObserved:1')?.observedAt).toBe('2026-03-01T16:39:00.000Z');
    expect(items.find((e) => e.id === 'urn:ngsi-ld:WeatherObserved:2')?.observedAt).toBeNull();
  });

  it('serves chart history downsampled with LTTB', async () => {
    const h = (await get('/api/v1/datahub/entities/urn:ngsi-ld:WeatherObserved:1/history?attr=temperature&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&points=100')).json();
    expect(h).toMatchObject({ source: 'raw', total: 1000 });
    expect(h.points).toHaveLength(100);
    expect(h.points[0]).toEqual(['2026-03-01T00:00:00.000Z', 0]);
    expect((await get('/api/v1/datahub/entities/urn:ngsi-ld:WeatherObserved:1/history?attr=temperature', countyUser('513424'))).statusCode).toBe(404);
  });

  it('serves located entities of a type as compact map points, within the caller\'s scope', async () => {
    const res = await get('/api/v1/datahub/points?type=WeatherObserved&attrs=temperature,refDevice,stationLabel,missing');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ type: 'WeatherObserved', attrs: ['temperature', 'refDevice', 'stationLabel', 'missing'], total: 3, truncated: false });
    // Entity 4 has no location: not a point. Coordinates are rounded to six decimals (~0.1 m).
    expect(body.items[0]).toEqual(['urn:ngsi-ld:WeatherObserved:1', 102.3, 28.133333, '513401', expect.any(Number), 'urn:ngsi-ld:Device:1', 'S1', null]);
    expect(body.items.map((i: unknown[]) => i[0])).toEqual([1, 2, 3].map((n) => `urn:ngsi-ld:WeatherObserved:${n}`));
    const county = (await get('/api/v1/datahub/points?type=WeatherObserved&county=513424')).json();
    expect(county.items).toEqual([['urn:ngsi-ld:WeatherObserved:3', 102.5, 28.133333, '513424']]);
    const scoped = (await get('/api/v1/datahub/points?type=WeatherObserved', countyUser('513424'))).json();
    expect(scoped.items.map((i: unknown[]) => i[0])).toEqual(['urn:ngsi-ld:WeatherObserved:3']);
    const many = await get(`/api/v1/datahub/points?type=WeatherObserved&attrs=${'a,'.repeat(8)}b`);
    expect(many.statusCode).toBe(400);
    expect(many.json().code).toBe('ERR_DATAHUB_TOO_MANY_ATTRS');
    expect((await get('/api/v1/datahub/points')).statusCode).toBe(400);
  });

  it('reports statistics and Prometheus metrics per type', async () => {
    const s = (await get('/api/v1/datahub/stats')).json();
    expect(s.entities).toContainEqual({ tenant: '', type: 'WeatherObserved', count: 4 });
    // 4 temperatures, refDevices and labels, 3 locations at creation, 1000 observations.
    expect(s.historyPoints).toContainEqual({ tenant: '', type: 'WeatherObserved', points: 1015 });
    expect(s.storage.find((x: { table: string }) => x.table === 'history').retentionDays).toBe(400);
    expect(s.scope).toBe('all');
    // A county user gets the counts of their county only, and no platform-wide figures.
    const county = (await get('/api/v1/datahub/stats', countyUser('513424'))).json();
    expect(county).toEqual({ scope: 'area', entities: [{ tenant: '', type: 'WeatherObserved', count: 1 }] });
    const m = (await t.platform().app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(m).toMatch(/zc_ngsi_history_points\{tenant="",type="WeatherObserved"\} 1015/);
  });
});
