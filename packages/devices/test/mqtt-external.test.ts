import { describeWithPlatform } from '@zhicheng/kernel/testing';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { createDevice, ENV, historyRows, MODULES } from './helpers.js';

const MQTT_URL = process.env.MQTT_URL;

const waitFor = async (fn: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
};

if (!MQTT_URL) {
  describe.skip('external MQTT broker ingestion (set MQTT_URL)', () => it('needs MQTT_URL', () => {}));
} else {
  describeWithPlatform('external MQTT broker ingestion (shared subscription)', { modules: MODULES, env: { ...ENV, MQTT_URL, ZC_INGEST_SHARED_GROUP: `t${Date.now().toString(36)}` }, mqtt: true }, (t) => {
    it('pins the mqtt.js internals the delayed PUBACK relies on', () => {
      const c = t.platform().ctx.mqtt!.client as unknown as { _sendPacket?: unknown; options: { customHandleAcks?: unknown; protocolVersion?: number } };
      expect(typeof c._sendPacket).toBe('function');
      expect(typeof c.options.customHandleAcks).toBe('function');
      expect(c.options.protocolVersion).toBe(5);
    });

    it('stores readings published on the broker, and dead-letters unknown devices', async () => {
      const p = t.platform();
      const id = `ext-${Date.now().toString(36)}`;
      const d = await createDevice(p, { id, name: 'ext', profileId: 'flat-keyvalue', divisionCode: '513401' });
      const dev = await mqtt.connectAsync(MQTT_URL, { reconnectPeriod: 0 });
      const base = Date.parse('2026-05-01T00:00:00Z');
      await Promise.all(Array.from({ length: 300 }, (_, i) => dev.publishAsync(`zc/v1/devices/${id}/telemetry`, JSON.stringify({ ts: base + i * 1000, values: { a: i } }), { qos: 1 })));
      await dev.publishAsync(`zc/v1/devices/ghost-${id}/telemetry`, '{"a":1}', { qos: 1 });
      await waitFor(async () => (await historyRows(p, d.entityId)).length === 300);
      await waitFor(async () => (await p.ctx.db.query(`select 1 from devices.dead_letters where device_id = $1`, [`ghost-${id}`])).length === 1);
      await dev.endAsync();
    });
  });
}
