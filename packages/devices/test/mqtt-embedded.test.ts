import { describeWithPlatform } from '@zhicheng/kernel/testing';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { BUILTIN_PROFILES, type DeviceStatusEvent } from '../src/index.js';
import { compileProfile } from '../src/profiles/mapping.js';
import { createDevice, ENV, historyRows, MODULES } from './helpers.js';

describeWithPlatform('embedded MQTT ingestion', { modules: MODULES, env: ENV, mqtt: true }, (t) => {
  const url = () => `mqtt://127.0.0.1:${t.platform().ctx.mqtt!.port}`;

  it('refuses unknown credentials and accepts device id + token or ThingsBoard token', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'm-auth', name: 'a', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const bad = await mqtt.connectAsync(url(), { username: 'm-auth', password: 'zcd_wrong-token-xxxxxxxxxxxx', reconnectPeriod: 0 }).catch((e: Error) => e);
    expect(bad).toBeInstanceOf(Error);
    const anon = await mqtt.connectAsync(url(), { reconnectPeriod: 0 }).catch((e: Error) => e);
    expect(anon).toBeInstanceOf(Error);
    const tb = await mqtt.connectAsync(url(), { username: d.credentials.token, reconnectPeriod: 0 });
    await tb.publishAsync('v1/devices/me/telemetry', JSON.stringify({ ts: Date.parse('2026-02-01T00:00:00Z'), values: { t: 1 } }), { qos: 1 });
    // PUBACK means stored: the row is there the moment publishAsync resolves
    expect(await historyRows(p, d.entityId)).toHaveLength(1);
    await tb.endAsync();
  });

  it('acknowledges QoS 1 only after commit, dedupes redeliveries, and dead-letters malformed payloads', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'm-1', name: 'b', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const c = await mqtt.connectAsync(url(), { username: 'm-1', password: d.credentials.token, reconnectPeriod: 0 });
    const base = Date.parse('2026-02-02T00:00:00Z');
    await Promise.all(Array.from({ length: 200 }, (_, i) => c.publishAsync('zc/v1/devices/m-1/telemetry', JSON.stringify({ ts: base + i * 1000, values: { a: i, b: i * 2 } }), { qos: 1 })));
    expect(await historyRows(p, d.entityId)).toHaveLength(200);
    // the same readings again (a QoS 1 redelivery): no new history
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.publishAsync('zc/v1/devices/m-1/telemetry', JSON.stringify({ ts: base + i * 1000, values: { a: i, b: i * 2 } }), { qos: 1 })));
    expect(await historyRows(p, d.entityId)).toHaveLength(200);
    await c.publishAsync('zc/v1/devices/m-1/telemetry', '{not json', { qos: 1 });
    const [dl] = await p.ctx.db.query<{ reason_code: string }>(`select reason_code from devices.dead_letters where device_id = 'm-1'`);
    expect(dl?.reason_code).toBe('ERR_INGEST_MALFORMED_PAYLOAD');
    expect(c.connected).toBe(true);
    await c.endAsync();
  });

  it('fuzz over MQTT: random payloads never break the connection; each is stored or dead-lettered', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'm-fuzz', name: 'f', profileId: 'air-quality', divisionCode: '513401' });
    const c = await mqtt.connectAsync(url(), { username: 'm-fuzz', password: d.credentials.token, reconnectPeriod: 0 });
    const payloads = fc.sample(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify({ time: '2026-01-01T00:00:00Z', data: v })))), 300);
    await Promise.all(payloads.map((pl) => c.publishAsync('zc/v1/devices/m-fuzz/telemetry', pl, { qos: 1 })));
    expect(c.connected).toBe(true);
    const [dead] = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from devices.dead_letters where device_id = 'm-fuzz'`);
    const stored = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from ngsi.history where entity_id = $1`, [d.entityId]);
    // the same payloads mapped offline: every invalid one is a dead letter, the valid ones are stored
    const profile = compileProfile(BUILTIN_PROFILES.find((b) => b.id === 'air-quality')!);
    let valid = 0;
    for (const pl of payloads) {
      let v: unknown;
      try {
        v = JSON.parse(pl.toString('utf8'));
      } catch {
        continue;
      }
      if ((await profile.map(v, Date.now())).ok) valid++;
    }
    expect(dead!.n).toBe(payloads.length - valid);
    if (valid) expect(stored[0]!.n).toBeGreaterThan(0);
    await c.endAsync();
  });

  it('ACL: a device cannot publish to another device\'s topic', async () => {
    const p = t.platform();
    const a = await createDevice(p, { id: 'acl-a', name: 'a', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const b = await createDevice(p, { id: 'acl-b', name: 'b', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const c = await mqtt.connectAsync(url(), { username: 'acl-a', password: a.credentials.token, reconnectPeriod: 0 });
    const closed = new Promise<void>((r) => c.once('close', () => r()));
    c.publish('zc/v1/devices/acl-b/telemetry', JSON.stringify({ x: 1 }), { qos: 1 });
    await closed;
    expect(await historyRows(p, b.entityId)).toHaveLength(0);
    const sub = await mqtt.connectAsync(url(), { username: 'acl-a', password: a.credentials.token, reconnectPeriod: 0 });
    const refused = await sub.subscribeAsync('zc/v1/devices/acl-b/#', { qos: 1 }).then(() => null, (e: Error) => e);
    await sub.endAsync(true);
    expect(refused?.message).toMatch(/Subscribe error/);
  });

  it('emits online on the first message and offline on disconnect', async () => {
    const p = t.platform();
    const events: { subject: string; e: DeviceStatusEvent }[] = [];
    p.ctx.bus.subscribe<DeviceStatusEvent>('devices.device.*', (e, subject) => void events.push({ subject, e }));
    const d = await createDevice(p, { id: 'conn-1', name: 'c', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const c = await mqtt.connectAsync(url(), { username: 'conn-1', password: d.credentials.token, reconnectPeriod: 0, will: { topic: 'zc/v1/devices/conn-1/status', payload: Buffer.from('offline'), qos: 1, retain: false } });
    await c.publishAsync('zc/v1/devices/conn-1/telemetry', JSON.stringify({ v: 1 }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 2500)); // one last-seen flush
    expect(events.find((x) => x.subject === 'devices.device.online')?.e).toMatchObject({ deviceId: 'conn-1', entityId: d.entityId, divisionCode: '513401', reason: 'message' });
    c.stream.destroy(); // unclean: the will is published
    await new Promise((r) => setTimeout(r, 500));
    const off = events.find((x) => x.subject === 'devices.device.offline');
    expect(off?.e).toMatchObject({ deviceId: 'conn-1' });
    expect(['will', 'disconnect']).toContain(off?.e.reason);
    const [row] = await p.ctx.db.query<{ status: string; last_seen_at: Date | null }>(`select status, last_seen_at from devices.devices where id = 'conn-1'`);
    expect(row).toMatchObject({ status: 'offline' });
    expect(row!.last_seen_at).not.toBeNull();
  });
});
