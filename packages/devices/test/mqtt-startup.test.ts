import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootPlatform, createLogger, loadConfig, StartupError } from '@zhicheng/kernel';
import { createTestPlatform, openScratchDb, testEngines, type TestPlatform } from '@zhicheng/kernel/testing';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { createDevice, ENV, historyRows, MODULES } from './helpers.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

for (const engine of testEngines()) {
  describe(`embedded broker at start [${engine}]`, () => {
    it('a device connecting the moment the broker opens is authenticated by the registry, and its first reading is stored', { timeout: 120_000 }, async () => {
      const scratch = await openScratchDb(engine);
      const dataDir = mkdtempSync(join(tmpdir(), 'zc-test-'));
      const port = await freePort();
      const config = loadConfig({
        PORT: '0', MQTT_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.ZC_TEST_LOG_LEVEL ?? 'silent', ZC_DATA_DIR: dataDir,
        ZC_ADMIN_PASSWORD: 'Admin#Test2026', ZC_SIMULATOR: 'off', ...ENV, ...(scratch.url ? { DATABASE_URL: scratch.url } : {}),
      });
      const boot = () => bootPlatform({ config, modules: MODULES, version: 'test', log: createLogger(config), db: scratch.db, keepDb: true, mqtt: true, listen: false });
      let booting = true;
      try {
        // First start: register the device, then stop.
        const first = await boot();
        const d = await createDevice(first as unknown as TestPlatform, { id: 'early-1', name: 'early bird', profileId: 'flat-keyvalue', divisionCode: '513401' });
        await first.close();

        // Clients keep trying from before the second start: the right credentials get in (through
        // the registry), anonymous and wrong ones never do, whenever they arrive.
        const url = `mqtt://127.0.0.1:${port}`;
        const outcomes: string[] = [];
        const attempt = async (who: string, opts: mqtt.IClientOptions, publish: boolean) => {
          while (booting) {
            const c = await mqtt.connectAsync(url, { ...opts, reconnectPeriod: 0, connectTimeout: 5000 }).catch((e: Error) => e);
            if (c instanceof Error) {
              outcomes.push(`${who}:refused`);
              await new Promise((r) => setTimeout(r, 5)); // a pause between attempts, not a synchronisation
              continue;
            }
            outcomes.push(`${who}:accepted`);
            if (publish) await c.publishAsync('zc/v1/devices/early-1/telemetry', JSON.stringify({ ts: Date.parse('2026-06-01T00:00:00Z'), values: { t: 1 } }), { qos: 1 });
            await c.endAsync();
            if (publish) return;
          }
        };
        const good = attempt('device', { username: 'early-1', password: d.credentials.token }, true);
        const anon = attempt('anonymous', {}, false);
        const wrong = attempt('wrong', { username: 'early-1', password: 'zcd_wrong-token-xxxxxxxxxxxxxxxx' }, false);
        const second = await boot();
        try {
          await good;
          booting = false;
          await Promise.all([anon, wrong]);
          expect(outcomes).toContain('device:accepted');
          expect(outcomes.filter((o) => o === 'anonymous:accepted' || o === 'wrong:accepted')).toEqual([]);
          // PUBACK came after the commit: the reading is there.
          expect(await historyRows(second as unknown as TestPlatform, d.entityId)).toHaveLength(1);
        } finally {
          await second.close();
        }
      } finally {
        booting = false;
        await scratch.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describe('ZC_MQTT_DYNSEC without an external broker', () => {
  it('stops the start with one line naming MQTT_URL', async () => {
    const err = await createTestPlatform('pglite', { modules: MODULES, env: { ...ENV, ZC_MQTT_DYNSEC: 'on' }, mqtt: true }).then(async (p) => {
      await p.dispose();
      return null;
    }, (e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toMatch(/^ZC_MQTT_DYNSEC=on needs MQTT_URL/);
  });
});
