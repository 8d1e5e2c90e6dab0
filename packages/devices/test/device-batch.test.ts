import { describeWithPlatform, type InjectOptions, type TestPlatform } from '@zhicheng/kernel/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceBatchResult } from '../src/schemas.js';
import { auth, ENV, MODULES } from './helpers.js';

const BATCH_URL = '/api/v1/devices/batch';
const air = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `空气站 ${id}`, profileId: 'air-quality', divisionCode: '513401', location: { lon: 102.26, lat: 27.89 }, ...extra });

// Demo accounts on: xichang-officer manages devices in 西昌市 (513401) only.
describeWithPlatform('bulk provisioning: POST /api/v1/devices/batch', { modules: MODULES, env: { ...ENV, ZC_DEMO: 'on' } }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const batch = async (items: unknown[], headers: Record<string, string> = auth) => {
    const r = await inject({ method: 'POST', url: BATCH_URL, headers, payload: { items } });
    return { status: r.statusCode, body: r.json<DeviceBatchResult & { code?: string }>() };
  };
  const audits = async (p: TestPlatform) =>
    (await p.ctx.db.query<{ outcome: string; detail: string; actor_name: string }>(`select outcome, detail, actor_name from audit.records where action = 'devices.device.batch-upserted' order by seq`))
      .map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, number> }));

  const mixed = [
    air('b-air-1'),
    air('b-air-2', { tags: ['pilot', 'roof'], vendor: 'Acme' }),
    { id: 'b-ws-1', name: '盐源气象站', profileId: 'weather-station', divisionCode: '513423' },
    air('bad id with spaces'),
    { id: 'b-no-name', profileId: 'air-quality' },
    air('b-bad-profile', { profileId: 'no-such-profile' }),
    air('b-air-1', { name: 'the same id again' }),
    'not a device',
    air('b-extra', { colour: 'red' }),
    air('b-nul', { name: 'NUL\u0000in a name' }),
  ];

  it('creates the good items in one go and answers each bad one with a stable code', async () => {
    const p = t.platform();
    const { status, body } = await batch(mixed);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 3, updated: 0, unchanged: 0, failed: 7 });
    expect(body.items.map((i) => [i.index, i.result, i.error?.code ?? null])).toEqual([
      [0, 'created', null], [1, 'created', null], [2, 'created', null],
      [3, 'error', 'ERR_VALIDATION'], [4, 'error', 'ERR_VALIDATION'], [5, 'error', 'ERR_DEVICES_PROFILE_NOT_FOUND'],
      [6, 'error', 'ERR_DEVICES_BATCH_DUPLICATE_ID'], [7, 'error', 'ERR_VALIDATION'], [8, 'error', 'ERR_VALIDATION'], [9, 'error', 'ERR_VALIDATION'],
    ]);
    expect(body.items[3]).toMatchObject({ id: 'bad id with spaces', error: { status: 400, message: expect.stringContaining('/id') } });
    expect(body.items[7]).toMatchObject({ id: null });
    const created = body.items.filter((i) => i.result === 'created');
    for (const c of created) expect(c.credentials).toMatchObject({ token: expect.stringMatching(/^zcd_/), mqttUsername: c.id, mqttPassword: c.credentials!.token });
    expect(body.items[0]!.entityId).toBe('urn:ngsi-ld:AirQualityObserved:b-air-1');
    expect(body.items[2]!.entityId).toBe('urn:ngsi-ld:WeatherObserved:b-ws-1');
    // Stored like a single create: hashed token, fields, the entity it feeds with its location.
    const dev = (await inject({ method: 'GET', url: '/api/v1/devices/b-air-2', headers: auth })).json();
    expect(dev).toMatchObject({ tags: ['pilot', 'roof'], vendor: 'Acme', divisionCode: '513401', location: { lon: 102.26, lat: 27.89 }, status: 'never' });
    const [e] = await p.ctx.db.query<{ division_code: string; attrs: Record<string, unknown> }>('select division_code, attrs from ngsi.entities where id = $1', ['urn:ngsi-ld:AirQualityObserved:b-air-1']);
    expect(e!.division_code).toBe('513401');
    expect(Object.keys(e!.attrs).some((k) => k.endsWith('location'))).toBe(true);
    // The token works at once (the directory forgot its negative lookups).
    const tel = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${created[0]!.credentials!.token}` }, payload: { data: { 'PM2.5': 12 } } });
    expect(tel.json()).toMatchObject({ accepted: 1 });
  });

  it('is idempotent: the same batch again changes nothing and hands out no credentials', async () => {
    const p = t.platform();
    const hashes = await p.ctx.db.query<{ id: string; token_hash: string; updated_at: Date }>(`select id, token_hash, updated_at from devices.devices where id like 'b-%' order by id`);
    const { body } = await batch(mixed);
    expect(body).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 7 });
    expect(body.items.filter((i) => i.result === 'unchanged').map((i) => i.id)).toEqual(['b-air-1', 'b-air-2', 'b-ws-1']);
    expect(body.items.some((i) => i.credentials)).toBe(false);
    expect(await p.ctx.db.query(`select id, token_hash, updated_at from devices.devices where id like 'b-%' order by id`)).toEqual(hashes);
    // One audit record per batch, with counts.
    expect((await audits(p)).map((a) => a.detail)).toEqual([
      { items: 10, created: 3, updated: 0, unchanged: 0, failed: 7 },
      { items: 10, created: 0, updated: 0, unchanged: 3, failed: 7 },
    ]);
  });

  it('updates what changed (given fields only) and moves the entity with the device', async () => {
    const p = t.platform();
    const { body } = await batch([air('b-air-1', { location: { lon: 102.3, lat: 27.9 } }), air('b-air-2', { name: '改名了' }), { id: 'b-ws-1', name: '盐源气象站', profileId: 'weather-station' }]);
    expect(body).toMatchObject({ created: 0, updated: 2, unchanged: 1, failed: 0 });
    expect(body.items.map((i) => i.result)).toEqual(['updated', 'updated', 'unchanged']);
    // Absent fields are kept: b-air-2 keeps its tags and vendor, b-ws-1 its division.
    expect((await inject({ method: 'GET', url: '/api/v1/devices/b-air-2', headers: auth })).json()).toMatchObject({ name: '改名了', tags: ['pilot', 'roof'], vendor: 'Acme' });
    expect((await inject({ method: 'GET', url: '/api/v1/devices/b-ws-1', headers: auth })).json()).toMatchObject({ divisionCode: '513423' });
    const [e] = await p.ctx.db.query<{ attrs: Record<string, { value: { coordinates: number[] } }> }>('select attrs from ngsi.entities where id = $1', ['urn:ngsi-ld:AirQualityObserved:b-air-1']);
    const loc = Object.entries(e!.attrs).find(([k]) => k.endsWith('location'))![1];
    expect(JSON.stringify(loc)).toContain('102.3');
  });

  it('refuses an oversize, empty or malformed batch as a whole with a stable code', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => air(`b-big-${i}`));
    const big = await batch(many);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'ERR_DEVICES_BATCH_TOO_LARGE', maxItems: 1000 });
    expect((await batch([])).body).toMatchObject({ status: 400, code: 'ERR_DEVICES_BATCH_INVALID' });
    const notArray = await inject({ method: 'POST', url: BATCH_URL, headers: auth, payload: { items: 'x' } });
    expect(notArray.json()).toMatchObject({ status: 400, code: 'ERR_DEVICES_BATCH_INVALID' });
    const bare = await inject({ method: 'POST', url: BATCH_URL, headers: auth, payload: [air('b-bare')] });
    expect(bare.json()).toMatchObject({ status: 400, code: 'ERR_DEVICES_BATCH_INVALID' });
    const [n] = await t.platform().ctx.db.query<{ n: number }>(`select count(*)::int as n from devices.devices where id like 'b-big-%' or id = 'b-bare'`);
    expect(n!.n).toBe(0);
  });

  it('takes a full batch of 1000 in one request, then again as unchanged', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: `b-full-${i}`, name: `full ${i}`, profileId: 'flat-keyvalue', divisionCode: i % 2 ? '513401' : '513422', location: { lon: 102 + i / 10_000, lat: 27.5 }, tags: ['simulated'] }));
    const first = await batch(many);
    expect(first.body).toMatchObject({ created: 1000, failed: 0 });
    expect(new Set(first.body.items.map((i) => i.credentials!.token)).size).toBe(1000);
    const again = await batch(many);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1000, failed: 0 });
    const [n] = await t.platform().ctx.db.query<{ n: number }>(`select count(*)::int as n from ngsi.entities where id like 'urn:ngsi-ld:DeviceMeasurement:b-full-%'`);
    expect(n!.n).toBe(1000);
  });

  describe('object scope and permission', () => {
    let officer: Record<string, string> = {};
    let operator: Record<string, string> = {};
    beforeAll(async () => {
      const login = async (username: string) => {
        const r = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Demo#Test2026' } });
        if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.body}`);
        return { authorization: `Bearer ${r.json<{ token: string }>().token}` };
      };
      officer = await login('xichang-officer');
      operator = await login('operator');
    });

    it('lets a county-scoped user provision in their county only, item by item', async () => {
      const { status, body } = await batch([
        air('b-xc-1'),
        air('b-yy-1', { divisionCode: '513423' }),
        { id: 'b-ws-1', name: 'not mine', profileId: 'weather-station', divisionCode: '513401' },
        air('b-air-1', { divisionCode: '513423' }),
        air('b-air-2', { name: '改名了', tags: ['pilot', 'roof'], vendor: 'Acme' }),
      ], officer);
      expect(status).toBe(200);
      expect(body.items.map((i) => [i.id, i.result, i.error?.code ?? null])).toEqual([
        ['b-xc-1', 'created', null],
        ['b-yy-1', 'error', 'ERR_DEVICES_OUT_OF_SCOPE'],
        // exists in 盐源县: answered as the single create answers a taken id, nothing is changed
        ['b-ws-1', 'error', 'ERR_DEVICES_ID_TAKEN'],
        // in scope, but may not be moved out of it
        ['b-air-1', 'error', 'ERR_DEVICES_OUT_OF_SCOPE'],
        ['b-air-2', 'unchanged', null],
      ]);
      expect(body.items[1]!.error!.status).toBe(403);
      expect((await inject({ method: 'GET', url: '/api/v1/devices/b-ws-1', headers: auth })).json()).toMatchObject({ name: '盐源气象站', divisionCode: '513423' });
      expect((await inject({ method: 'GET', url: '/api/v1/devices/b-air-1', headers: auth })).json()).toMatchObject({ divisionCode: '513401' });
      const all = await batch([air('b-yy-2', { divisionCode: '513423' })], officer);
      expect(all.body).toMatchObject({ created: 0, failed: 1 });
      const rows = await audits(t.platform());
      expect(rows.slice(-2).map((r) => [r.actor_name, r.outcome])).toEqual([['xichang-officer', 'success'], ['xichang-officer', 'denied']]);
    });

    it('needs devices:manage, like the single create', async () => {
      const r = await inject({ method: 'POST', url: BATCH_URL, headers: operator, payload: { items: [air('b-op-1')] } });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'ERR_FORBIDDEN' });
      expect((await inject({ method: 'POST', url: BATCH_URL, payload: { items: [air('b-anon')] } })).statusCode).toBe(401);
    });
  });
});
