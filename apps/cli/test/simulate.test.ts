import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** `zhicheng simulate` against a real server process, over both public device interfaces. */
describe('zhicheng simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-sim-'));
  const key = `zck_test_${randomBytes(24).toString('hex')}`;
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ ZC_DATA_DIR: dir, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng', ZC_BOOTSTRAP_API_KEY: key });
  }, 90_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });
  const get = async (path: string) => (await fetch(`${server.url}${path}`, { headers: { 'x-api-key': key } })).json() as Promise<Record<string, unknown>>;

  it('provisions the fleet through the device API and sends readings over HTTP', async () => {
    const r = await runCli(['simulate', '--url', server.url, '--api-key', key, '--devices', '20', '--speed', '3600', '--duration', '4s'], {}, 120_000);
    expect(r.code, r.stderr).toBe(0);
    // Through the bulk device API: every device created, none failed.
    const p = /Provisioned (\d+) devices .*: (\d+) created, 0 updated, 0 unchanged, 0 failed/.exec(r.stdout);
    expect(p, r.stdout).not.toBeNull();
    expect(p![2]).toBe(p![1]);
    expect(r.stdout).toMatch(/Stopped: sent [1-9]\d*/);
    const devices = await get('/api/v1/devices?limit=100');
    expect(Number(devices.total)).toBeGreaterThanOrEqual(13);
    const air = ((await get('/api/v1/datahub/entities?type=AirQualityObserved&limit=5')) as { items: { attributes: Record<string, unknown> }[] }).items;
    expect(air.length).toBeGreaterThan(0);
    expect(air.some((e) => typeof e.attributes.pm25 === 'number' && e.attributes.simulated === true)).toBe(true);
  });

  it('sends as MQTT devices with their own credentials, acknowledged after storage', async () => {
    const r = await runCli(['simulate', '--url', server.url, '--api-key', key, '--devices', '20', '--speed', '3600', '--duration', '4s',
      '--transport', 'mqtt', '--mqtt-url', `mqtt://127.0.0.1:${server.mqttPort}`], {}, 120_000);
    expect(r.code, r.stderr).toBe(0);
    // The same fleet again: nothing created; the MQTT devices took new tokens by rotation.
    expect(r.stdout).toMatch(/Provisioned \d+ devices .*: 0 created, 0 updated, \d+ unchanged, 0 failed/);
    const m = /Stopped: sent (\d+), rejected (\d+)/.exec(r.stdout);
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBe(0);
    await new Promise((res) => setTimeout(res, 2500)); // last-seen times are flushed every 2 s
    const list = (await get('/api/v1/devices?limit=100')) as { items: { status: string; statusReason: string | null; lastSeenAt: string | null }[] };
    // Seen over MQTT, then gone offline when the simulator's connections closed.
    expect(list.items.filter((d) => d.lastSeenAt).length, JSON.stringify(list.items.slice(0, 3))).toBeGreaterThan(0);
    expect(list.items.some((d) => d.status === 'offline' && (d.statusReason === 'disconnect' || d.statusReason === 'will')), JSON.stringify(list.items.map((d) => [d.status, d.statusReason]))).toBe(true);
  });

  it('refuses an unknown scenario and a missing key with one line', async () => {
    const a = await runCli(['simulate', '--url', server.url, '--api-key', key, '--scenario', 'volcano'], {});
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/^zhicheng: Unknown scenario volcano/);
    const b = await runCli(['simulate', '--url', server.url], {});
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^zhicheng: An API key/);
  });
});
