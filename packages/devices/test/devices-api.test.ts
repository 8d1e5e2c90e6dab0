import { describeWithPlatform, type InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { auth, createDevice, ENV, historyRows, MODULES, scopedApiKey } from './helpers.js';

describeWithPlatform('devices API and HTTP telemetry', { modules: MODULES, env: ENV }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);

  it('ships the built-in profiles and previews a mapping', async () => {
    const list = await inject({ method: 'GET', url: '/api/v1/device-profiles', headers: auth });
    const ids = list.json<{ items: { id: string }[] }>().items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['flat-keyvalue', 'air-quality', 'weather-station', 'water-quality', 'noise-meter', 'traffic-detector', 'parking-sensor', 'streetlight-controller', 'soil-sensor', 'device-measurement']));
    const ok = await inject({ method: 'POST', url: '/api/v1/device-profiles/air-quality/preview', headers: auth, payload: { payload: { time: '2026-01-02T08:00:00+08:00', data: { 'PM2.5': 35, PM10: 60 } } } });
    expect(ok.json()).toMatchObject({ ok: true, observations: [{ name: 'pm25', value: 35, unitCode: 'GQ', observedAt: '2026-01-02T00:00:00.000Z' }, { name: 'pm10', value: 60 }] });
    const range = await inject({ method: 'POST', url: '/api/v1/device-profiles/air-quality/preview', headers: auth, payload: { payload: { data: { 'PM2.5': -5 } } } });
    expect(range.json()).toMatchObject({ ok: false, error: { code: 'ERR_INGEST_OUT_OF_RANGE' } });
    const bad = await inject({ method: 'POST', url: '/api/v1/device-profiles/air-quality/preview', headers: auth, payload: { payload: {}, expression: '{ "a": ' } });
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'ERR_DEVICES_MAPPING_INVALID' } });
    const parking = await inject({ method: 'POST', url: '/api/v1/device-profiles/parking-sensor/preview', headers: auth, payload: { payload: { occupied: true } } });
    expect(parking.json()).toMatchObject({ ok: true, observations: [{ name: 'status', value: 'occupied' }] });
    // Unsaved edits of the attributes and strictness preview too: -5 passes once the minimum is lifted.
    const edited = await inject({ method: 'POST', url: '/api/v1/device-profiles/air-quality/preview', headers: auth, payload: {
      payload: { data: { 'PM2.5': -5 } }, attributes: { pm25: { type: 'number', unitCode: 'GQ', min: -10 } }, strict: false,
    } });
    expect(edited.json()).toMatchObject({ ok: true, observations: [{ name: 'pm25', value: -5, unitCode: 'GQ' }] });
  });

  it('refuses to change or delete a built-in profile', async () => {
    for (const r of [
      await inject({ method: 'PATCH', url: '/api/v1/device-profiles/air-quality', headers: auth, payload: { name: 'mine now' } }),
      await inject({ method: 'DELETE', url: '/api/v1/device-profiles/flat-keyvalue', headers: auth }),
    ]) {
      expect(r.statusCode).toBe(409);
      expect(r.json().code).toBe('ERR_DEVICES_PROFILE_BUILTIN');
    }
    const list = await inject({ method: 'GET', url: '/api/v1/device-profiles', headers: auth });
    expect(list.json<{ items: { id: string; name: string }[] }>().items.find((p) => p.id === 'air-quality')?.name).not.toBe('mine now');
  });

  it('creates, lists with filters, gets, updates, rotates and deletes devices (audited)', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'aq-xc-001', name: '西昌空气站', profileId: 'air-quality', divisionCode: '513401', location: { lon: 102.26, lat: 27.89 } });
    expect(d.entityId).toBe('urn:ngsi-ld:AirQualityObserved:aq-xc-001');
    expect(d.credentials.token).toMatch(/^zcd_/);
    await createDevice(p, { id: 'ws-yy-001', name: '盐源气象站', profileId: 'weather-station', divisionCode: '513423' });
    const stored = await p.ctx.db.query<{ token_hash: string }>('select token_hash from devices.devices where id = $1', ['aq-xc-001']);
    expect(stored[0]!.token_hash).not.toContain(d.credentials.token);
    const dup = await inject({ method: 'POST', url: '/api/v1/devices', headers: auth, payload: { id: 'aq-xc-001', name: 'x', profileId: 'air-quality', divisionCode: '513401' } });
    expect(dup.statusCode).toBe(409);
    const byCounty = await inject({ method: 'GET', url: '/api/v1/devices?division=513401', headers: auth });
    expect(byCounty.json()).toMatchObject({ total: 1, items: [{ id: 'aq-xc-001', status: 'never' }] });
    const all = await inject({ method: 'GET', url: '/api/v1/devices?division=513400&limit=1', headers: auth });
    expect(all.json()).toMatchObject({ total: 2, limit: 1 });
    expect((await inject({ method: 'GET', url: '/api/v1/devices?profile=weather-station', headers: auth })).json()).toMatchObject({ total: 1 });
    expect((await inject({ method: 'GET', url: '/api/v1/devices/nope', headers: auth })).statusCode).toBe(404);
    const upd = await inject({ method: 'PATCH', url: '/api/v1/devices/aq-xc-001', headers: auth, payload: { firmware: '2.1.0', tags: ['pilot'] } });
    expect(upd.json()).toMatchObject({ firmware: '2.1.0', tags: ['pilot'] });
    const rot = await inject({ method: 'POST', url: '/api/v1/devices/aq-xc-001/credentials', headers: auth });
    const newToken = rot.json<{ credentials: { token: string } }>().credentials.token;
    expect(newToken).not.toBe(d.credentials.token);
    const old = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${d.credentials.token}` }, payload: { data: { 'PM2.5': 1 } } });
    expect(old.statusCode).toBe(401);
    const fresh = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${newToken}` }, payload: { data: { 'PM2.5': 1 } } });
    expect(fresh.statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: '/api/v1/devices/ws-yy-001', headers: auth })).statusCode).toBe(204);
    expect((await inject({ method: 'GET', url: '/api/v1/devices/ws-yy-001', headers: auth })).statusCode).toBe(404);
    const actions = await p.ctx.db.query<{ action: string }>(`select action from audit.records where action like 'devices.%' order by seq`);
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['devices.device.created', 'devices.device.updated', 'devices.credentials.rotated', 'devices.device.deleted']));
  });

  it('stores HTTP telemetry before answering, idempotently, with device token or API key; 401 without credentials', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'tb-1', name: 'gateway sensor', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const body = { ts: Date.parse('2026-03-01T00:00:00Z'), values: { temperature: 21.5, humidity: 40 } };
    const r1 = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${d.credentials.token}` }, payload: body });
    expect(r1.json()).toEqual({ accepted: 1, points: 2, deadLettered: [] });
    // the answer came after the commit: the row is there now
    expect(await historyRows(p, d.entityId)).toHaveLength(1);
    // a client retry of the same reading does not duplicate history
    await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${d.credentials.token}` }, payload: body });
    const rows = await historyRows(p, d.entityId);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!.attrs)).toHaveLength(2);
    const byKey = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: auth, payload: { items: [{ deviceId: 'tb-1', payload: { temperature: 22 } }, { deviceId: 'ghost', payload: { x: 1 } }] } });
    expect(byKey.json()).toMatchObject({ accepted: 1, deadLettered: [{ index: 1, code: 'ERR_INGEST_UNKNOWN_DEVICE' }] });
    expect((await inject({ method: 'POST', url: '/api/v1/telemetry', payload: body })).statusCode).toBe(401);
    expect((await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: 'Bearer zcd_not-a-real-token-at-all' }, payload: body })).statusCode).toBe(401);
    const [e] = await p.ctx.db.query<{ attrs: Record<string, { value: unknown }> }>('select attrs from ngsi.entities where id = $1', [d.entityId]);
    expect(Object.values(e!.attrs).map((a) => a.value)).toContain(22);
  });

  it('keeps bad input as dead letters, lists them and replays them after a fix', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'strict-1', name: 'strict', profileId: 'noise-meter', divisionCode: '513401' });
    const h = { authorization: `Bearer ${d.credentials.token}` };
    const r = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: h, payload: { leq: 999 } });
    expect(r.json()).toMatchObject({ accepted: 0, deadLettered: [{ code: 'ERR_INGEST_OUT_OF_RANGE' }] });
    const list = await inject({ method: 'GET', url: '/api/v1/dead-letters?device=strict-1', headers: auth });
    const items = list.json<{ items: { id: number; reasonCode: string; payload: string }[] }>().items;
    expect(items[0]).toMatchObject({ reasonCode: 'ERR_INGEST_OUT_OF_RANGE', payload: '{"leq":999}' });
    const still = await inject({ method: 'POST', url: `/api/v1/dead-letters/${items[0]!.id}/replay`, headers: auth });
    expect(still.json()).toMatchObject({ result: 'failed', code: 'ERR_INGEST_OUT_OF_RANGE' });
    // the operator widens the range; the replay now stores it
    await inject({ method: 'POST', url: '/api/v1/device-profiles', headers: auth, payload: { id: 'loud', name: 'loud', entityType: 'NoiseLevelObserved', expression: '{ "values": { "LAeq": leq } }', attributes: { LAeq: { type: 'number', max: 2000 } } } });
    await inject({ method: 'PATCH', url: '/api/v1/devices/strict-1', headers: auth, payload: { profileId: 'loud' } });
    const ok = await inject({ method: 'POST', url: `/api/v1/dead-letters/${items[0]!.id}/replay`, headers: auth });
    expect(ok.json()).toMatchObject({ result: 'stored' });
    expect(await historyRows(p, d.entityId)).toHaveLength(1);
    const metrics = await inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(metrics.body).toMatch(/zc_ingest_dead_letters_total\{reason="ERR_INGEST_OUT_OF_RANGE"\} [1-9]/);
  });
});

describeWithPlatform('telemetry through the authenticator chain', { modules: MODULES, env: ENV }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const post = (headers: Record<string, string>, payload: Record<string, unknown>) => inject({ method: 'POST', url: '/api/v1/telemetry', headers, payload });

  it('device tokens reach the telemetry route only, for their own device', async () => {
    const p = t.platform();
    const a = await createDevice(p, { id: 'ch-a', name: 'a', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const b = await createDevice(p, { id: 'ch-b', name: 'b', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const dev = { authorization: `Bearer ${a.credentials.token}` };
    // Naming another device in the body changes nothing: a device's body is its own payload.
    const r = await post(dev, { deviceId: 'ch-b', payload: { t: 1 } });
    expect(r.statusCode).toBe(200);
    expect(await historyRows(p, b.entityId)).toHaveLength(0);
    // Any other closed route refuses a device principal, whatever it asks for.
    for (const [method, url] of [['GET', '/api/v1/devices'], ['GET', '/api/v1/devices/ch-a'], ['GET', '/api/v1/auth/me'], ['GET', '/api/v1/dead-letters']] as const) {
      const x = await inject({ method, url, headers: dev });
      expect([url, x.statusCode, x.json().code]).toEqual([url, 403, 'ERR_AUTH_PRINCIPAL_NOT_ALLOWED']);
    }
    // The refusal is audited against the device.
    const [denied] = await p.ctx.db.query<{ actor_kind: string; actor_id: string }>(`select actor_kind, actor_id from audit.records where action = 'access.denied' order by seq desc limit 1`);
    expect(denied).toMatchObject({ actor_kind: 'device', actor_id: 'ch-a' });
    // A claimed but invalid device token is a 401 with the usual code, never tried as an API key.
    const bad = await post({ authorization: 'Bearer zcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, { t: 1 });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'ERR_AUTH_REQUIRED' });
  });

  it('API keys post for devices in their telemetry:write scope; others are answered like unknown devices', async () => {
    const p = t.platform();
    const mine = await createDevice(p, { id: 'sc-xc', name: 'xc', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const theirs = await createDevice(p, { id: 'sc-yy', name: 'yy', profileId: 'flat-keyvalue', divisionCode: '513423' });
    const xichang = await scopedApiKey(p, ['telemetry:write'], '513401');
    const r = await post(xichang, { items: [{ deviceId: 'sc-xc', payload: { v: 1 } }, { deviceId: 'sc-yy', payload: { v: 2 } }, { deviceId: 'sc-none', payload: { v: 3 } }] });
    expect(r.statusCode).toBe(200);
    const body = r.json<{ accepted: number; deadLettered: { index: number; code: string; reason: string }[] }>();
    expect(body.accepted).toBe(1);
    expect(body.deadLettered.map((d) => d.code)).toEqual(['ERR_INGEST_UNKNOWN_DEVICE', 'ERR_INGEST_UNKNOWN_DEVICE']);
    // The same words for a device outside the scope and one that does not exist: no oracle.
    expect(body.deadLettered[0]!.reason.replace('sc-yy', 'X')).toBe(body.deadLettered[1]!.reason.replace('sc-none', 'X'));
    expect(await historyRows(p, mine.entityId)).toHaveLength(1);
    expect(await historyRows(p, theirs.entityId)).toHaveLength(0);
    const [rec] = await p.ctx.db.query<{ outcome: string; detail: string }>(`select outcome, detail from audit.records where action = 'devices.telemetry.refused' order by seq desc limit 1`);
    expect(rec!.outcome).toBe('denied');
    expect(JSON.parse(rec!.detail)).toMatchObject({ count: 1, deviceIds: ['sc-yy'] });
    // A key without telemetry:write is refused at the door.
    const reader = await scopedApiKey(p, ['devices:read'], '513401');
    const no = await post(reader, { deviceId: 'sc-xc', payload: { v: 1 } });
    expect(no.statusCode).toBe(403);
    expect(no.json().code).toBe('ERR_FORBIDDEN');
  });
});
