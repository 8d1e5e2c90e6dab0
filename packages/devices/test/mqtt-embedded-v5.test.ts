import { describeWithPlatform } from '@zhicheng/kernel/testing';
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import { expect, it, vi } from 'vitest';
import { ingestServiceKey, type DeviceStatusEvent } from '../src/index.js';
import { auth, createDevice, ENV, historyRows, MODULES } from './helpers.js';

type Acked = Packet & { reasonCode?: number; properties?: { reasonString?: string } };

/** The PUBACK / DISCONNECT packets a client receives, to read their MQTT 5 reason codes. */
function received(c: MqttClient, cmd: 'puback' | 'disconnect'): Acked[] {
  const got: Acked[] = [];
  c.on('packetreceive', (pkt) => void (pkt.cmd === cmd && got.push(pkt as Acked)));
  return got;
}

describeWithPlatform('embedded MQTT ingestion over MQTT 5', { modules: MODULES, env: ENV, mqtt: true }, (t) => {
  const url = () => `mqtt://127.0.0.1:${t.platform().ctx.mqtt!.port}`;
  const v5 = (o: IClientOptions) => mqtt.connectAsync(url(), { protocolVersion: 5, reconnectPeriod: 0, ...o });
  const device = (id: string) => createDevice(t.platform(), { id, name: id, profileId: 'flat-keyvalue', divisionCode: '513401' });
  const reading = (iso: string, values: Record<string, number>) => JSON.stringify({ ts: Date.parse(iso), values });

  it('a device id + token logs in; QoS 1 PUBACK (reason code success) comes after the reading is stored', async () => {
    const p = t.platform();
    const d = await device('v5-1');
    const c = await v5({ username: 'v5-1', password: d.credentials.token });
    const acks = received(c, 'puback');
    await c.publishAsync('zc/v1/devices/v5-1/telemetry', reading('2026-03-01T00:00:00Z', { t: 1 }), { qos: 1 });
    // PUBACK means stored: the row is there the moment publishAsync resolves
    expect(await historyRows(p, d.entityId)).toHaveLength(1);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.reasonCode ?? 0).toBe(0);
    expect(c.connected).toBe(true);
    await c.endAsync();
  });

  it('refuses a wrong password and a missing username with CONNACK 0x86 (bad user name or password)', async () => {
    const d = await device('v5-auth');
    const wrong = await v5({ username: 'v5-auth', password: `${d.credentials.token}x` }).catch((e: Error & { code?: number }) => e);
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error & { code?: number }).code).toBe(0x86);
    const anon = await v5({}).catch((e: Error & { code?: number }) => e);
    expect((anon as Error & { code?: number }).code).toBe(0x86);
  });

  it('ACL: another device\'s topic gets PUBACK 0x87 (not authorized), nothing is stored, the connection stays', async () => {
    const p = t.platform();
    const a = await device('v5-acl-a');
    const b = await device('v5-acl-b');
    const c = await v5({ username: 'v5-acl-a', password: a.credentials.token });
    const acks = received(c, 'puback');
    const refused = await c.publishAsync('zc/v1/devices/v5-acl-b/telemetry', reading('2026-03-02T00:00:00Z', { x: 1 }), { qos: 1 }).then(() => null, (e: Error & { code?: number }) => e);
    expect(refused?.code).toBe(0x87);
    expect(acks[0]).toMatchObject({ reasonCode: 0x87, properties: { reasonString: 'topic not allowed for this device' } });
    expect(await historyRows(p, b.entityId)).toHaveLength(0);
    // MQTT 5 can say no without hanging up: the device goes on with its own topic
    expect(c.connected).toBe(true);
    await c.publishAsync('zc/v1/devices/v5-acl-a/telemetry', reading('2026-03-02T00:00:00Z', { x: 2 }), { qos: 1 });
    expect(await historyRows(p, a.entityId)).toHaveLength(1);
    // a subscription elsewhere is refused (SUBACK 0x87), its own is granted
    const sub = await c.subscribeAsync('zc/v1/devices/v5-acl-b/#', { qos: 1 }).then(() => null, (e: Error) => e);
    expect(sub?.message).toMatch(/Subscribe error: Not authorized/);
    expect(await c.subscribeAsync('zc/v1/devices/v5-acl-a/commands', { qos: 1 })).toMatchObject([{ qos: 1 }]);
    await c.endAsync();
  });

  it('the ThingsBoard topic v1/devices/me/telemetry, with the token as username', async () => {
    const p = t.platform();
    const d = await device('v5-tb');
    const c = await v5({ username: d.credentials.token });
    await c.publishAsync('v1/devices/me/telemetry', reading('2026-03-03T00:00:00Z', { t: 3 }), { qos: 1 });
    expect(await historyRows(p, d.entityId)).toHaveLength(1);
    await c.endAsync();
  });

  it('the will marks the device offline', async () => {
    const p = t.platform();
    const events: DeviceStatusEvent[] = [];
    p.ctx.bus.subscribe<DeviceStatusEvent>('devices.device.offline', (e) => void events.push(e));
    const d = await device('v5-will');
    const will = { topic: 'zc/v1/devices/v5-will/status', payload: Buffer.from('offline'), qos: 1 as const, retain: false };
    const c = await v5({ username: 'v5-will', password: d.credentials.token, will });
    // A second connection of the same device stays up, so the offline can come only from the will.
    const other = await v5({ username: 'v5-will', password: d.credentials.token });
    await c.publishAsync('zc/v1/devices/v5-will/telemetry', reading('2026-03-04T00:00:00Z', { v: 1 }), { qos: 1 });
    const status = async () => (await p.ctx.db.query<{ status: string }>(`select status from devices.devices where id = 'v5-will'`))[0]?.status;
    await vi.waitFor(async () => expect(await status()).toBe('online'), { timeout: 10_000, interval: 100 }); // the last-seen flush
    c.stream.destroy(); // unclean: the will is published
    await vi.waitFor(() => expect(events.find((e) => e.deviceId === 'v5-will')).toMatchObject({ reason: 'will' }), { timeout: 5000, interval: 50 });
    expect(await status()).toBe('offline');
    await other.endAsync();
  });

  it('a failed durable write gets no PUBACK: DISCONNECT 0x80, so the device sends the reading again', async () => {
    const p = t.platform();
    const d = await device('v5-down');
    const ingest = p.ctx.services.get(ingestServiceKey);
    const spy = vi.spyOn(ingest, 'ingest').mockRejectedValueOnce(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
    try {
      const c = await v5({ username: 'v5-down', password: d.credentials.token });
      const acks = received(c, 'puback');
      const disconnects = received(c, 'disconnect');
      const closed = new Promise<void>((r) => c.once('close', () => r()));
      c.publish('zc/v1/devices/v5-down/telemetry', reading('2026-03-05T00:00:00Z', { v: 1 }), { qos: 1 });
      await closed;
      expect(disconnects.map((x) => x.reasonCode)).toEqual([0x80]);
      // no "not authorized" PUBACK (with the database's address in its reason string)
      expect(acks).toHaveLength(0);
      expect(await historyRows(p, d.entityId)).toHaveLength(0);
      await c.endAsync(true);
      const again = await v5({ username: 'v5-down', password: d.credentials.token });
      await again.publishAsync('zc/v1/devices/v5-down/telemetry', reading('2026-03-05T00:00:00Z', { v: 1 }), { qos: 1 });
      expect(await historyRows(p, d.entityId)).toHaveLength(1);
      await again.endAsync();
    } finally {
      spy.mockRestore();
    }
  });

  it('rotating the credentials ends the device\'s connection with DISCONNECT 0x98 (administrative action)', async () => {
    const p = t.platform();
    const d = await device('v5-kick');
    // aedes sends a DISCONNECT only once the session is set up, a moment after the CONNACK
    // (before that, it just closes the connection).
    const ready = new Promise<void>((r) => p.ctx.mqtt!.embedded!.once('clientReady', () => r()));
    const c = await v5({ username: 'v5-kick', password: d.credentials.token });
    const disconnects = received(c, 'disconnect');
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    await ready;
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/devices/v5-kick/credentials', headers: auth });
    expect(res.statusCode).toBe(200);
    await closed;
    expect(disconnects.map((x) => x.reasonCode)).toEqual([0x98]);
    const old = await v5({ username: 'v5-kick', password: d.credentials.token }).catch((e: Error & { code?: number }) => e);
    expect((old as Error & { code?: number }).code).toBe(0x86);
    await c.endAsync(true);
  });
});
