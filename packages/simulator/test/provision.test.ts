import audit from '@zhicheng/audit';
import contextBroker from '@zhicheng/context-broker';
import devices from '@zhicheng/devices';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, expect, it } from 'vitest';
import { countyShapesFrom } from '../src/county-shapes.js';
import type { SimDevice } from '../src/fleet-types.js';
import { generateFleet } from '../src/generate-fleet.js';
import { injectFetch } from '../src/inject-fetch.js';
import { provisionFleet, type ProvisionProgress } from '../src/provision.js';

const API_KEY = 'zc-test-simulator-key-0123456789abcdef';
const BASE = 'http://zhicheng.test';

/** `zhicheng simulate`'s provisioning against the real device API, 2,000 devices, twice. */
describeWithPlatform('fleet provisioning through the bulk device API', { modules: [geo, audit, identity, contextBroker, devices], env: { ZC_BOOTSTRAP_API_KEY: API_KEY, ZC_DEMO: 'off' } }, (t) => {
  let fleet: SimDevice[] = [];
  let f: typeof fetch;
  const count = async (sql: string) => (await t.platform().ctx.db.query<{ n: number }>(sql))[0]!.n;
  const simulatedEntities = () => count(`select count(*)::int as n from ngsi.entities where id like 'urn:ngsi-ld:%:sim-%' and exists (select 1 from jsonb_object_keys(attrs) k where k like '%simulated')`);

  beforeAll(async () => {
    f = injectFetch(t.platform().app);
    const res = await f(`${BASE}/api/v1/geo/boundaries?level=county`, { headers: { 'x-api-key': API_KEY } });
    fleet = generateFleet(countyShapesFrom((await res.json()) as Parameters<typeof countyShapesFrom>[0]), { seed: 11, devices: 2000 });
  });

  it('registers the whole fleet in chunks, with progress, each device with its token and its marked entity', async () => {
    const seen: ProvisionProgress[] = [];
    const r = await provisionFleet(fleet, { url: BASE, apiKey: API_KEY, fetch: f, onProgress: (p) => seen.push(p) });
    expect(fleet.length).toBeGreaterThan(1900);
    expect(r).toMatchObject({ total: fleet.length, done: fleet.length, created: fleet.length, updated: 0, unchanged: 0, failed: 0, staticWritten: fleet.length, retries: 0 });
    expect(r.tokens.size).toBe(fleet.length);
    // Two chunks (1,000 and the rest), two in flight: progress after each.
    expect(seen).toHaveLength(2);
    expect(seen.at(-1)).toMatchObject({ done: fleet.length, created: fleet.length });
    expect(await count(`select count(*)::int as n from devices.devices where id like 'sim-%'`)).toBe(fleet.length);
    expect(await simulatedEntities()).toBe(fleet.length);
    // A token handed out by the batch works for its device.
    const d = fleet.find((x) => x.kind === 'wearable')!;
    const tel = await t.platform().app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${r.tokens.get(d.id)}` }, payload: { ts: Date.now(), values: { heartRate: 72 } } });
    expect(tel.json()).toMatchObject({ accepted: 1 });
  });

  it('a second run creates nothing, writes nothing and hands out no tokens', async () => {
    const before = await t.platform().ctx.db.query(`select id, token_hash, updated_at from devices.devices where id like 'sim-%' order by id`);
    const history = await count(`select count(*)::int as n from ngsi.history`);
    const r = await provisionFleet(fleet, { url: BASE, apiKey: API_KEY, fetch: f });
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: fleet.length, failed: 0, staticWritten: 0 });
    expect(r.tokens.size).toBe(0);
    expect(await t.platform().ctx.db.query(`select id, token_hash, updated_at from devices.devices where id like 'sim-%' order by id`)).toEqual(before);
    expect(await count(`select count(*)::int as n from ngsi.history`)).toBe(history);
  });

  it('fills in static facts a stopped run left out, and retries a chunk the server was too busy for', async () => {
    // As if a run had stopped after registering these devices and before writing their facts.
    const missing = fleet.slice(0, 3);
    for (const d of missing) {
      const del = await f(`${BASE}/ngsi-ld/v1/entities/${encodeURIComponent(d.entityId)}/attrs/simulated`, { method: 'DELETE', headers: { 'x-api-key': API_KEY } });
      expect(del.status).toBe(204);
    }
    let refused = 0;
    const busy = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/api/v1/devices/batch') && refused < 2) {
        refused++;
        return new Response(JSON.stringify({ code: 'ERR_BUSY' }), { status: refused === 1 ? 503 : 429, headers: { 'retry-after': '1' } });
      }
      return f(input, init);
    }) as typeof fetch;
    const waits: number[] = [];
    const r = await provisionFleet(fleet, { url: BASE, apiKey: API_KEY, fetch: busy, sleep: async (ms) => void waits.push(ms) });
    expect(r).toMatchObject({ created: 0, unchanged: fleet.length, failed: 0, staticWritten: 3, retries: 2 });
    expect(waits).toEqual([1000, 1000]);
    expect(await simulatedEntities()).toBe(fleet.length);
    // A server that stays busy fails the run with one clear line.
    const always = (async () => new Response('', { status: 503 })) as unknown as typeof fetch;
    await expect(provisionFleet(fleet.slice(0, 5), { url: BASE, apiKey: API_KEY, fetch: always, attempts: 3, sleep: async () => {} })).rejects.toThrow(/answered 503 3 times/);
  });
});
