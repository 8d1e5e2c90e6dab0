import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScratchDb, testEngines, type ScratchDb } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess } from './server-process.js';

/**
 * SIGTERM while clients are writing: every write the server acknowledged (2xx) must be there
 * after a restart. Writes are boundary imports (each one township), authenticated with the
 * bootstrap API key; they commit in a transaction before the answer is sent.
 */
describe.each(testEngines())('graceful shutdown under write load [%s]', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-sigterm-'));
  let scratch: ScratchDb | undefined;
  beforeAll(async () => {
    if (engine === 'postgres') scratch = await openScratchDb('postgres');
  });
  afterAll(async () => {
    await scratch?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const key = `zck_test_${randomBytes(24).toString('hex')}`;
  const baseEnv = { ZC_DATA_DIR: dir, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng', ZC_BOOTSTRAP_API_KEY: key };
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  it('loses nothing that was acknowledged', async () => {
    const env = scratch ? { ...baseEnv, DATABASE_URL: scratch.url! } : baseEnv;
    const first = await startServerProcess(env);
    const list = await fetch(`${first.url}/api/v1/geo/divisions?level=township&limit=1000`, { headers });
    expect(list.status, first.output()).toBe(200);
    const codes = ((await list.json()) as { items: { code: string; name: string }[] }).items;
    expect(codes.length).toBe(304);

    const acknowledged: string[] = [];
    let next = 0;
    let stopped = false;
    const worker = async () => {
      while (next < codes.length) {
        const t = codes[next++]!;
        const x = 102 + (next % 20) * 0.01;
        const body = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { adcode: t.code, name: t.name }, geometry: { type: 'Polygon', coordinates: [[[x, 27.8], [x + 0.01, 27.8], [x + 0.01, 27.81], [x, 27.81], [x, 27.8]]] } }] });
        try {
          const r = await fetch(`${first.url}/api/v1/geo/boundaries/import`, { method: 'POST', headers, body });
          if (r.status === 200) acknowledged.push(t.code);
          else if (!stopped) throw new Error(`unexpected ${r.status} before shutdown: ${await r.text()}`);
        } catch (err) {
          if (!stopped) throw err;
          return; // refused or reset after SIGTERM: not acknowledged, the client would retry
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    stopped = true;
    first.child.kill('SIGTERM');
    await Promise.all(workers);
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');
    expect(acknowledged.length).toBeLessThan(codes.length);

    const second = await startServerProcess(env);
    try {
      const r = await fetch(`${second.url}/api/v1/geo/boundaries?level=township`, { headers });
      const withBoundary = new Set(((await r.json()) as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code));
      const lost = acknowledged.filter((c) => !withBoundary.has(c));
      expect(lost).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
