import { describeWithPlatform, type InjectOptions } from '@zhicheng/kernel/testing';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynsecClient, deviceRole } from '../src/broker-sync/dynsec-client.js';
import { brokerSyncServiceKey } from '../src/index.js';
import { auth, createDevice, ENV, historyRows, MODULES } from './helpers.js';
import { dynsecUnavailable, freePort, ownMosquitto } from './mosquitto.js';

const unavailable = dynsecUnavailable();
if (unavailable) console.warn(`Mosquitto dynamic-security tests skipped: ${unavailable}.`);
const port = unavailable ? 0 : await freePort();
const mosquitto = unavailable ? null : ownMosquitto(port);

describe.skipIf(!!unavailable)('Mosquitto dynamic-security sync (ZC_MQTT_DYNSEC=on)', () => {
  beforeAll(async () => {
    await mosquitto!.start();
  });
  afterAll(async () => {
    await mosquitto?.dispose();
  });

  describeWithPlatform('device logins on an external Mosquitto', { modules: MODULES, env: { ...ENV, MQTT_URL: mosquitto?.url ?? 'mqtt://unused:1', ZC_MQTT_DYNSEC: 'on' }, mqtt: true }, (t) => {
    const inject = (o: InjectOptions) => t.platform().app.inject(o);
    const url = `mqtt://127.0.0.1:${port}`;
    const sync = () => t.platform().ctx.services.get(brokerSyncServiceKey);
    const flushed = async () => {
      await sync().flush();
      expect(await sync().pending()).toBe(0);
    };
    const login = (username: string, password: string) => mqtt.connectAsync(url, { username, password, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000 });
    const refused = (username: string, password: string) => login(username, password).then(async (c) => {
      await c.endAsync();
      return false;
    }, () => true);
    /** The plugin's own view, asked as its administrator. */
    const admin = async <T>(commands: { command: string; [k: string]: unknown }[]): Promise<T[]> => {
      const c = await mqtt.connectAsync(mosquitto!.url, { protocolVersion: 5, reconnectPeriod: 0 });
      try {
        return (await createDynsecClient(c, pino({ level: 'silent' })).run(commands)) as T[];
      } finally {
        await c.endAsync();
      }
    };

    it('creates a client and ACL role per device: it logs in with its id and token and reports only on its own topics', async () => {
      const p = t.platform();
      const a = await createDevice(p, { id: 'ds-a', name: 'a', profileId: 'flat-keyvalue', divisionCode: '513401' });
      const b = await createDevice(p, { id: 'ds-b', name: 'b', profileId: 'flat-keyvalue', divisionCode: '513401' });
      await flushed();
      const [role] = await admin<{ data?: { role?: { acls: { acltype: string; topic: string }[] } } }>([{ command: 'getRole', rolename: deviceRole('ds-a') }]);
      expect(role!.data!.role!.acls.map((x) => `${x.acltype} ${x.topic}`)).toEqual(expect.arrayContaining(['publishClientSend zc/v1/devices/ds-a/telemetry', 'subscribePattern zc/v1/devices/ds-a/#']));
      const dev = await login('ds-a', a.credentials.token);
      await dev.publishAsync('zc/v1/devices/ds-a/telemetry', JSON.stringify({ ts: Date.parse('2026-07-01T00:00:00Z'), values: { t: 1 } }), { qos: 1 });
      // the platform ingests from the broker through its shared subscription
      await vi.waitFor(async () => expect(await historyRows(p, a.entityId)).toHaveLength(1), { timeout: 15_000, interval: 100 });
      // another device's topic: refused by the broker (MQTT 5: negative PUBACK / SUBACK)
      const pub = await dev.publishAsync('zc/v1/devices/ds-b/telemetry', JSON.stringify({ t: 2 }), { qos: 1 }).then(() => null, (e: Error) => e);
      expect(pub).toBeInstanceOf(Error);
      const sub = await dev.subscribeAsync('zc/v1/devices/ds-b/#', { qos: 1 }).then(() => null, (e: Error) => e);
      expect(sub?.message).toMatch(/Not authorized/);
      await dev.endAsync();
      expect(await historyRows(p, b.entityId)).toHaveLength(0);
      expect(await refused('ds-a', 'zcd_wrong-token-xxxxxxxxxxxxxxxxxxxxxxxx')).toBe(true);
      expect(await refused('ds-a', b.credentials.token)).toBe(true);
    });

    it('rotation replaces the password and ends the old connection at once; deletion removes client and role', async () => {
      const p = t.platform();
      const d = await createDevice(p, { id: 'ds-rot', name: 'r', profileId: 'flat-keyvalue', divisionCode: '513401' });
      await flushed();
      const dev = await login('ds-rot', d.credentials.token);
      const closed = new Promise<void>((r) => dev.once('close', () => r()));
      const rot = await inject({ method: 'POST', url: '/api/v1/devices/ds-rot/credentials', headers: auth });
      const fresh = rot.json<{ credentials: { token: string } }>().credentials.token;
      await flushed();
      await closed;
      await dev.endAsync(true);
      expect(await refused('ds-rot', d.credentials.token)).toBe(true);
      const again = await login('ds-rot', fresh);
      const gone = new Promise<void>((r) => again.once('close', () => r()));
      expect((await inject({ method: 'DELETE', url: '/api/v1/devices/ds-rot', headers: auth })).statusCode).toBe(204);
      await flushed();
      await gone;
      await again.endAsync(true);
      expect(await refused('ds-rot', fresh)).toBe(true);
      const [client, role] = await admin<{ error?: string }>([{ command: 'getClient', username: 'ds-rot' }, { command: 'getRole', rolename: deviceRole('ds-rot') }]);
      expect([client!.error, role!.error]).toEqual(['Client not found', 'Role not found']);
    });

    it('devices created in a batch and by self-registration get their logins too', async () => {
      const batch = await inject({ method: 'POST', url: '/api/v1/devices/batch', headers: auth, payload: { items: [1, 2].map((i) => ({ id: `ds-batch-${i}`, name: `b${i}`, profileId: 'flat-keyvalue', divisionCode: '513401' })) } });
      const tokens = batch.json<{ items: { id: string; credentials: { token: string } }[] }>().items.map((x) => [x.id, x.credentials.token] as const);
      const key = (await inject({ method: 'POST', url: '/api/v1/device-provisioning-keys', headers: auth, payload: { name: 'ds', profileId: 'flat-keyvalue', divisionCode: '513401', maxDevices: 1 } })).json<{ id: string; secret: string }>();
      const self = (await inject({ method: 'POST', url: '/api/v1/devices/provision', payload: { key: key.id, secret: key.secret, deviceId: 'ds-self-1' } })).json<{ credentials: { token: string } }>();
      await flushed();
      for (const [id, token] of [...tokens, ['ds-self-1', self.credentials.token] as const]) {
        const c = await login(id, token);
        await c.endAsync();
      }
    });

    it('keeps changes while the broker is down and delivers them when it is back', { timeout: 90_000 }, async () => {
      const p = t.platform();
      const d = await createDevice(p, { id: 'ds-down', name: 'd', profileId: 'flat-keyvalue', divisionCode: '513401' });
      await flushed();
      await mosquitto!.stop();
      const rot = await inject({ method: 'POST', url: '/api/v1/devices/ds-down/credentials', headers: auth });
      expect(rot.statusCode).toBe(200);
      const fresh = rot.json<{ credentials: { token: string } }>().credentials.token;
      // recorded, sealed: never the token in clear
      const [row] = await p.ctx.db.query<{ op: string; secret_sealed: string }>('select op, secret_sealed from devices.broker_sync where device_id = $1', ['ds-down']);
      expect(row!.op).toBe('upsert');
      expect(row!.secret_sealed).not.toContain(fresh);
      await mosquitto!.start();
      // delivered by the retry loop once the platform's connection is back (a condition, polled)
      await vi.waitFor(async () => expect(await sync().pending()).toBe(0), { timeout: 60_000, interval: 250 });
      expect(await refused('ds-down', d.credentials.token)).toBe(true);
      const c = await login('ds-down', fresh);
      await c.endAsync();
    });
  });
});
