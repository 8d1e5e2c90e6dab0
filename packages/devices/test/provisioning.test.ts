import { describeWithPlatform, type InjectOptions } from '@zhicheng/kernel/testing';
import mqtt from 'mqtt';
import { beforeAll, expect, it } from 'vitest';
import { auth, ENV, historyRows, MODULES } from './helpers.js';

interface Key { id: string; secret: string; provisioned: number; status: string }
interface Provisioned { status: 'created' | 'exists'; device: { id: string; entityId: string; profileId: string; divisionCode: string | null; provisioningKeyId: string | null }; credentials?: { token: string; mqttUsername: string; mqttPassword: string } }

describeWithPlatform('device self-registration with provisioning keys', { modules: MODULES, env: { ...ENV, ZC_DEMO: 'on' }, mqtt: true }, (t) => {
  const inject = (o: InjectOptions) => t.platform().app.inject(o);
  const createKey = async (body: Record<string, unknown>, headers: Record<string, string> = auth) => {
    const r = await inject({ method: 'POST', url: '/api/v1/device-provisioning-keys', headers, payload: { name: 'field rollout', profileId: 'flat-keyvalue', divisionCode: '513401', maxDevices: 5, ...body } });
    return { status: r.statusCode, body: r.json<Key & { code?: string }>() };
  };
  const key = async (body: Record<string, unknown> = {}) => {
    const r = await createKey(body);
    if (r.status !== 201) throw new Error(`create key: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const provision = async (k: { id: string; secret: string }, deviceId: string, extra: Record<string, unknown> = {}) => {
    const r = await inject({ method: 'POST', url: '/api/v1/devices/provision', payload: { key: k.id, secret: k.secret, deviceId, ...extra } });
    return { status: r.statusCode, body: r.json<Provisioned & { code?: string; detail?: string }>() };
  };
  const audits = (action: string) => t.platform().ctx.db.query<{ outcome: string; object_id: string | null; actor_kind: string; detail: string }>(
    'select outcome, object_id, actor_kind, detail from audit.records where action = $1 order by seq', [action]);

  let officer: Record<string, string> = {};
  beforeAll(async () => {
    const r = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'xichang-officer', password: 'Demo#Test2026' } });
    officer = { authorization: `Bearer ${r.json<{ token: string }>().token}` };
  });

  it('happy path: a key (secret shown once, hashed at rest) registers a device that then sends telemetry', async () => {
    const p = t.platform();
    const k = await key({ maxDevices: 3 });
    expect(k.id).toMatch(/^zcpk_/);
    expect(k.secret).toMatch(/^zcps_/);
    expect(k).toMatchObject({ status: 'active', provisioned: 0 });
    const [stored] = await p.ctx.db.query<{ secret_hash: string }>('select secret_hash from devices.provisioning_keys where id = $1', [k.id]);
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(k.secret);
    // the secret is never shown again
    const again = await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth });
    expect(again.json()).not.toHaveProperty('secret');

    const r = await provision(k, 'pv-happy-1', { name: '西昌 1 号', divisionCode: '513401001', location: { lon: 102.26, lat: 27.89 } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'created', device: { id: 'pv-happy-1', profileId: 'flat-keyvalue', divisionCode: '513401001', provisioningKeyId: k.id } });
    expect(r.body.credentials!.token).toMatch(/^zcd_/);
    const tel = await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${r.body.credentials!.token}` }, payload: { temperature: 21 } });
    expect(tel.json()).toMatchObject({ accepted: 1 });
    expect(await historyRows(p, r.body.device.entityId)).toHaveLength(1);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).json()).toMatchObject({ provisioned: 1, status: 'active' });
    expect((await audits('devices.provisioning-key.created')).map((a) => a.object_id)).toContain(k.id);
    const ok = (await audits('devices.device.provisioned')).find((a) => a.object_id === 'pv-happy-1');
    expect(ok).toMatchObject({ outcome: 'success', actor_kind: 'device' });
    expect(JSON.parse(ok!.detail)).toMatchObject({ provisioningKeyId: k.id, created: true, transport: 'http' });
  });

  it('wrong secret and unknown key give the same 401, audited, without using the allowance', async () => {
    const k = await key();
    const wrong = await provision({ id: k.id, secret: `zcps_${'x'.repeat(43)}` }, 'pv-wrong-1');
    const unknown = await provision({ id: 'zcpk_doesnotexist00000', secret: k.secret }, 'pv-wrong-1');
    const garbage = await provision({ id: 'not-a-key', secret: 's' }, 'pv-wrong-1');
    for (const r of [wrong, unknown, garbage]) {
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code: 'ERR_DEVICES_PROVISION_DENIED', detail: 'Unknown provisioning key or wrong secret.' });
    }
    expect((await inject({ method: 'GET', url: '/api/v1/devices/pv-wrong-1', headers: auth })).statusCode).toBe(404);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).json()).toMatchObject({ provisioned: 0 });
    const failures = (await audits('devices.device.provisioned')).filter((a) => a.object_id === 'pv-wrong-1');
    expect(failures.map((a) => [a.outcome, JSON.parse(a.detail).code])).toEqual(Array(3).fill(['failure', 'ERR_DEVICES_PROVISION_DENIED']));
    // the key is named for the auditor only when it exists
    expect(JSON.parse(failures[0]!.detail).provisioningKeyId).toBe(k.id);
    expect(JSON.parse(failures[1]!.detail)).not.toHaveProperty('provisioningKeyId');
  });

  it('a second call for the same id answers "exists" without new credentials; the first token keeps working', async () => {
    const p = t.platform();
    const k = await key();
    const first = await provision(k, 'pv-idem-1');
    expect(first.status).toBe(201);
    const [before] = await p.ctx.db.query<{ token_hash: string }>('select token_hash from devices.devices where id = $1', ['pv-idem-1']);
    const second = await provision(k, 'pv-idem-1');
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('exists');
    expect(second.body).not.toHaveProperty('credentials');
    expect(JSON.stringify(second.body)).not.toMatch(/zcd_/);
    const [after] = await p.ctx.db.query<{ token_hash: string }>('select token_hash from devices.devices where id = $1', ['pv-idem-1']);
    expect(after!.token_hash).toBe(before!.token_hash);
    expect((await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${first.body.credentials!.token}` }, payload: { v: 1 } })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).json()).toMatchObject({ provisioned: 1 });
    // an id registered otherwise (or with another key) is taken
    const other = await key();
    expect((await provision(other, 'pv-idem-1')).body.code).toBe('ERR_DEVICES_ID_TAKEN');
    await inject({ method: 'POST', url: '/api/v1/devices', headers: auth, payload: { id: 'pv-admin-made', name: 'x', profileId: 'flat-keyvalue', divisionCode: '513401' } });
    const taken = await provision(k, 'pv-admin-made');
    expect([taken.status, taken.body.code]).toEqual([409, 'ERR_DEVICES_ID_TAKEN']);
  });

  it('enforces the device limit, also under concurrent registrations', async () => {
    const k = await key({ maxDevices: 3 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => provision(k, `pv-limit-${i}`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(Array(3).fill([403, 'ERR_DEVICES_PROVISION_LIMIT_REACHED']));
    const [n] = await t.platform().ctx.db.query<{ n: number }>(`select count(*)::int as n from devices.devices where provisioning_key_id = $1`, [k.id]);
    expect(n!.n).toBe(3);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).json()).toMatchObject({ provisioned: 3, status: 'exhausted' });
    // a repeat of a registered id is still answered (it takes nothing from the allowance)
    const done = results.find((r) => r.status === 201)!.body.device.id;
    expect((await provision(k, done)).body.status).toBe('exists');
  });

  it('enforces the key\'s scope: profile, department and division; administrators only within theirs', async () => {
    const k = await key({ divisionCode: '513401' });
    const outside = await provision(k, 'pv-scope-1', { divisionCode: '513423' });
    expect([outside.status, outside.body.code]).toEqual([403, 'ERR_DEVICES_OUT_OF_SCOPE']);
    expect((await provision(k, 'pv-scope-1', { profileId: 'air-quality' })).body.code).toBe('ERR_DEVICES_OUT_OF_SCOPE');
    expect((await provision(k, 'pv-scope-1', { departmentId: 'someone-else' })).body.code).toBe('ERR_DEVICES_OUT_OF_SCOPE');
    expect((await inject({ method: 'GET', url: '/api/v1/devices/pv-scope-1', headers: auth })).statusCode).toBe(404);
    const inside = await provision(k, 'pv-scope-1');
    expect(inside.body.device).toMatchObject({ divisionCode: '513401', profileId: 'flat-keyvalue' });

    // A county officer hands out keys for their county only, and sees only those.
    const theirs = await createKey({ divisionCode: '513423' }, officer);
    expect([theirs.status, theirs.body.code]).toEqual([403, 'ERR_DEVICES_OUT_OF_SCOPE']);
    const own = await createKey({ divisionCode: '513401' }, officer);
    expect(own.status).toBe(201);
    const regionKey = await key({ divisionCode: '513400' });
    const list = await inject({ method: 'GET', url: '/api/v1/device-provisioning-keys?limit=500', headers: officer });
    const ids = list.json<{ items: { id: string; divisionCode: string }[] }>().items.map((x) => x.id);
    expect(ids).toContain(own.body.id);
    expect(ids).not.toContain(regionKey.id);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${regionKey.id}`, headers: officer })).statusCode).toBe(404);
    expect((await inject({ method: 'DELETE', url: `/api/v1/device-provisioning-keys/${regionKey.id}`, headers: officer })).statusCode).toBe(404);
    // operators (devices:read only) cannot see keys at all
    const op = await inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator', password: 'Demo#Test2026' } });
    const opList = await inject({ method: 'GET', url: '/api/v1/device-provisioning-keys', headers: { authorization: `Bearer ${op.json<{ token: string }>().token}` } });
    expect(opList.statusCode).toBe(403);
  });

  it('refuses expired and revoked keys (said only to a caller with the secret); revocation is audited and spares registered devices', async () => {
    const p = t.platform();
    const k = await key();
    const dev = await provision(k, 'pv-rev-1');
    expect((await inject({ method: 'DELETE', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).statusCode).toBe(204);
    const revoked = await provision(k, 'pv-rev-2');
    expect([revoked.status, revoked.body.code]).toEqual([401, 'ERR_DEVICES_PROVISION_KEY_REVOKED']);
    expect((await provision({ id: k.id, secret: `zcps_${'y'.repeat(43)}` }, 'pv-rev-2')).body.code).toBe('ERR_DEVICES_PROVISION_DENIED');
    expect((await inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${dev.body.credentials!.token}` }, payload: { v: 1 } })).statusCode).toBe(200);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${k.id}`, headers: auth })).json()).toMatchObject({ status: 'revoked', revokedBy: expect.any(String) });
    expect((await audits('devices.provisioning-key.revoked')).map((a) => a.object_id)).toContain(k.id);
    const listed = await inject({ method: 'GET', url: '/api/v1/device-provisioning-keys?limit=500', headers: auth });
    expect(listed.json<{ items: { id: string }[] }>().items.map((x) => x.id)).not.toContain(k.id);

    const e = await key();
    // The clock cannot be moved for the database, so the key is aged in place.
    await p.ctx.db.query(`update devices.provisioning_keys set expires_at = now() - interval '1 minute' where id = $1`, [e.id]);
    const expired = await provision(e, 'pv-exp-1');
    expect([expired.status, expired.body.code]).toEqual([401, 'ERR_DEVICES_PROVISION_KEY_EXPIRED']);
    expect((await inject({ method: 'GET', url: `/api/v1/device-provisioning-keys/${e.id}`, headers: auth })).json()).toMatchObject({ status: 'expired' });
    const tooLong = await createKey({ expiresInDays: 91 });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'ERR_DEVICES_PROVISIONING_KEY_LIFETIME']);
    // A profile that active keys still register devices with cannot be deleted.
    await inject({ method: 'POST', url: '/api/v1/device-profiles', headers: auth, payload: { id: 'pv-prof', name: 'p', entityType: 'DeviceMeasurement' } });
    const pk = await key({ profileId: 'pv-prof' });
    expect((await inject({ method: 'DELETE', url: '/api/v1/device-profiles/pv-prof', headers: auth })).json().code).toBe('ERR_DEVICES_PROFILE_IN_USE');
    await inject({ method: 'DELETE', url: `/api/v1/device-provisioning-keys/${pk.id}`, headers: auth });
    expect((await inject({ method: 'DELETE', url: '/api/v1/device-profiles/pv-prof', headers: auth })).statusCode).toBe(204);
  });

  it('ThingsBoard-compatible MQTT provisioning on the embedded broker', async () => {
    const p = t.platform();
    const url = `mqtt://127.0.0.1:${p.ctx.mqtt!.port}`;
    const k = await key();
    const ask = async (body: Record<string, unknown>) => {
      const c = await mqtt.connectAsync(url, { username: 'provision', reconnectPeriod: 0 });
      try {
        const got = new Promise<Record<string, unknown>>((resolve) => c.on('message', (topic, m) => topic === '/provision/response' && resolve(JSON.parse(m.toString()) as Record<string, unknown>)));
        await c.subscribeAsync('/provision/response', { qos: 1 });
        await c.publishAsync('/provision/request', JSON.stringify(body), { qos: 1 });
        return await got;
      } finally {
        await c.endAsync();
      }
    };
    const ok = await ask({ deviceName: 'pv-mqtt-1', provisionDeviceKey: k.id, provisionDeviceSecret: k.secret });
    expect(ok).toMatchObject({ status: 'SUCCESS', credentialsType: 'ACCESS_TOKEN', deviceId: 'pv-mqtt-1' });
    // the device then connects ThingsBoard-style (token as username) and reports
    const dev = await mqtt.connectAsync(url, { username: String(ok.credentialsValue), reconnectPeriod: 0 });
    await dev.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.parse('2026-04-01T00:00:00Z'), values: { t: 5 } }), { qos: 1 });
    await dev.endAsync();
    const [d] = await p.ctx.db.query<{ entity_id: string; provisioning_key_id: string }>('select entity_id, provisioning_key_id from devices.devices where id = $1', ['pv-mqtt-1']);
    expect(d!.provisioning_key_id).toBe(k.id);
    expect(await historyRows(p, d!.entity_id)).toHaveLength(1);
    expect(await ask({ deviceName: 'pv-mqtt-1', provisionDeviceKey: k.id, provisionDeviceSecret: k.secret })).toMatchObject({ status: 'FAILURE', code: 'ERR_DEVICES_PROVISIONED_ALREADY' });
    expect(await ask({ deviceName: 'pv-mqtt-2', provisionDeviceKey: k.id, provisionDeviceSecret: 'wrong' })).toMatchObject({ status: 'FAILURE', code: 'ERR_DEVICES_PROVISION_DENIED' });
    expect(await ask({ deviceName: 'bad id with spaces', provisionDeviceKey: k.id, provisionDeviceSecret: k.secret })).toMatchObject({ status: 'FAILURE', code: 'ERR_VALIDATION' });
    const [rec] = await p.ctx.db.query<{ detail: string }>(`select detail from audit.records where action = 'devices.device.provisioned' and object_id = 'pv-mqtt-1' order by seq limit 1`);
    expect(JSON.parse(rec!.detail)).toMatchObject({ transport: 'mqtt', created: true });

    // A provisioning connection can do nothing else: no other subscription, and publishing elsewhere ends it.
    const c = await mqtt.connectAsync(url, { username: 'provision', reconnectPeriod: 0 });
    const refused = await c.subscribeAsync('zc/v1/devices/#', { qos: 1 }).then(() => null, (e: Error) => e);
    expect(refused?.message).toMatch(/Subscribe error/);
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish('zc/v1/devices/pv-mqtt-1/telemetry', JSON.stringify({ t: 9 }), { qos: 1 });
    await closed;
    await c.endAsync(true);
    expect(await historyRows(p, d!.entity_id)).toHaveLength(1);
  });

  it('MQTT 5 provisioning: the same answer; a refused publish gets PUBACK 0x87 instead of ending the connection', async () => {
    const p = t.platform();
    const url = `mqtt://127.0.0.1:${p.ctx.mqtt!.port}`;
    const k = await key();
    const c = await mqtt.connectAsync(url, { username: 'provision', protocolVersion: 5, reconnectPeriod: 0 });
    const got = new Promise<Record<string, unknown>>((resolve) => c.on('message', (topic, m) => topic === '/provision/response' && resolve(JSON.parse(m.toString()) as Record<string, unknown>)));
    await c.subscribeAsync('/provision/response', { qos: 1 });
    await c.publishAsync('/provision/request', JSON.stringify({ deviceName: 'pv-mqtt5-1', provisionDeviceKey: k.id, provisionDeviceSecret: k.secret }), { qos: 1 });
    const ok = await got;
    expect(ok).toMatchObject({ status: 'SUCCESS', credentialsType: 'ACCESS_TOKEN', deviceId: 'pv-mqtt5-1' });
    const refused = await c.publishAsync('zc/v1/devices/pv-mqtt5-1/telemetry', JSON.stringify({ t: 9 }), { qos: 1 }).then(() => null, (e: Error & { code?: number }) => e);
    expect(refused?.code).toBe(0x87);
    expect(c.connected).toBe(true);
    await c.endAsync();
    const [d] = await p.ctx.db.query<{ entity_id: string }>('select entity_id from devices.devices where id = $1', ['pv-mqtt5-1']);
    expect(await historyRows(p, d!.entity_id)).toHaveLength(0);
    const dev = await mqtt.connectAsync(url, { username: String(ok.credentialsValue), protocolVersion: 5, reconnectPeriod: 0 });
    await dev.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.parse('2026-04-02T00:00:00Z'), values: { t: 5 } }), { qos: 1 });
    await dev.endAsync();
    expect(await historyRows(p, d!.entity_id)).toHaveLength(1);
  });
});
