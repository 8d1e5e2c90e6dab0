import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteDb, rawPostgres } from '@zhicheng/kernel';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from './server-process.js';

const KEY = 'zc-kill9-bootstrap-key-0123456789abcdef';

/**
 * kill -9 of the real server during a QoS 1 stream: after a restart, every acknowledged
 * reading is in the history (PUBACK meant committed), and nothing is there twice.
 */
describe('kill -9 during a QoS 1 stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-kill9-'));
  const dbName = `zc_kill9_${Date.now().toString(36)}`;
  const base = process.env.DATABASE_URL;
  const dbUrl = base ? Object.assign(new URL(base), { pathname: `/${dbName}` }).toString() : null;
  let server: Server | null = null;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    if (base) {
      const a = rawPostgres(base, 1);
      await a.unsafe(`drop database if exists ${dbName} with (force)`);
      await a.end();
    }
  });

  it('stores every acknowledged message exactly once', async () => {
    if (base) {
      const a = rawPostgres(base, 1);
      await a.unsafe(`create database ${dbName}`);
      await a.end();
    }
    const env = { ZC_DATA_DIR: dir, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Kill9-2026', ZC_BOOTSTRAP_API_KEY: KEY, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) };
    server = await startServer(env);
    const res = await fetch(`${server.url}/api/v1/devices`, {
      method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'k9', name: 'kill -9', profileId: 'flat-keyvalue', divisionCode: '513401' }),
    });
    expect(res.status).toBe(201);
    const dev = (await res.json()) as { entityId: string; credentials: { token: string } };
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${server.mqttPort}`, { username: 'k9', password: dev.credentials.token, reconnectPeriod: 0 });
    client.on('error', () => {});
    const t0 = Date.parse('2026-04-01T00:00:00Z');
    const acked = new Set<number>();
    let sent = 0;
    let stop = false;
    const pump = (async () => {
      const inflight = new Set<Promise<void>>();
      while (!stop) {
        const i = sent++;
        const p = client.publishAsync('zc/v1/devices/k9/telemetry', JSON.stringify({ ts: t0 + i * 1000, values: { i, v: i * 0.5 } }), { qos: 1 })
          .then(() => void acked.add(i), () => {})
          .finally(() => inflight.delete(p));
        inflight.add(p);
        if (inflight.size >= 200) await Promise.race(inflight);
      }
    })();
    while (acked.size < 3000) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    await server.exited;
    stop = true;
    client.end(true);
    await Promise.race([pump, new Promise((r) => setTimeout(r, 2000))]);
    const ackedNow = new Set(acked);
    expect(ackedNow.size).toBeGreaterThanOrEqual(3000);

    // Restart: recovery happens; then stop it cleanly and read the store.
    server = await startServer(env);
    server.child.kill('SIGTERM');
    await server.exited;
    server = null;
    let rows: { i: number }[];
    if (dbUrl) {
      const sql = rawPostgres(dbUrl, 1);
      rows = (await sql.unsafe(`select (a.value->>'v')::int as i from ngsi.history h, jsonb_each(ngsi.history_cells(h.attrs, h.nk, h.nv)) a where h.entity_id = $1 and a.key like '%/i'`, [dev.entityId])) as unknown as { i: number }[];
      await sql.end();
    } else {
      const db = await openPgliteDb(join(dir, 'pgdata'));
      rows = await db.query<{ i: number }>(`select (a.value->>'v')::int as i from ngsi.history h, jsonb_each(ngsi.history_cells(h.attrs, h.nk, h.nv)) a where h.entity_id = $1 and a.key like '%/i'`, [dev.entityId]);
      await db.close();
    }
    const stored = new Set(rows.map((r) => r.i));
    expect(rows.length).toBe(stored.size); // nothing twice
    const lost = [...ackedNow].filter((i) => !stored.has(i));
    expect(lost).toEqual([]);
    expect(stored.size).toBeLessThanOrEqual(sent);
    console.log(`kill -9: sent ${sent}, acknowledged ${ackedNow.size}, stored ${stored.size}, lost 0`);
  }, 240_000);
});
