import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawPostgres } from '@zhicheng/kernel';
import mqtt from 'mqtt';
import { connect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type Server } from './server-process.js';

const KEY = 'zc-js-bootstrap-key-0123456789abcdef';
const base = process.env.DATABASE_URL;
const natsUrl = process.env.NATS_URL;

/**
 * Scale-out: an ingest process (api,ingest) hands batches to JetStream, a writer process
 * (worker) stores them. The writer is killed with -9 mid-stream and replaced: every reading
 * the ingest process acknowledged ends in the store exactly once.
 */
describe.skipIf(!base || !natsUrl)('JetStream hand-off with kill -9 of the writer', () => {
  const dbName = `zc_js_${Date.now().toString(36)}`;
  const stream = `ZCT_${Date.now().toString(36).toUpperCase()}`;
  const dirs: string[] = [];
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const nc = await connect({ servers: natsUrl! });
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => {});
    await nc.close();
    const a = rawPostgres(base!, 1);
    await a.unsafe(`drop database if exists ${dbName} with (force)`);
    await a.end();
  });

  it('stores every acknowledged reading exactly once', async () => {
    const a = rawPostgres(base!, 1);
    await a.unsafe(`create database ${dbName}`);
    await a.end();
    const dbUrl = Object.assign(new URL(base!), { pathname: `/${dbName}` }).toString();
    const env = (roles: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'zc-js-'));
      dirs.push(dir);
      return { ZC_DATA_DIR: dir, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Js-2026', ZC_BOOTSTRAP_API_KEY: KEY, ZC_SECRET_KEY: '0'.repeat(64), DATABASE_URL: dbUrl, NATS_URL: natsUrl!, ZC_INGEST_STREAM: stream, ZC_ROLES: roles };
    };
    const ingest = await startServer(env('api,ingest'));
    servers.push(ingest);
    let writer = await startServer(env('worker'));
    servers.push(writer);
    const res = await fetch(`${ingest.url}/api/v1/devices`, {
      method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'js1', name: 'js', profileId: 'flat-keyvalue', divisionCode: '513401' }),
    });
    expect(res.status).toBe(201);
    const dev = (await res.json()) as { entityId: string; credentials: { token: string } };
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: 'js1', password: dev.credentials.token, reconnectPeriod: 0 });
    const t0 = Date.parse('2026-06-01T00:00:00Z');
    const acked = new Set<number>();
    const count = async () => {
      const sql = rawPostgres(dbUrl, 1);
      const rows = (await sql.unsafe(`select (a.value->>'v')::int as i from ngsi.history h, jsonb_each(ngsi.history_cells(h.attrs, h.nk, h.nv)) a where h.entity_id = $1 and a.key like '%/i'`, [dev.entityId])) as unknown as { i: number }[];
      await sql.end();
      return rows;
    };
    const send = async (from: number, to: number) => {
      const inflight = new Set<Promise<void>>();
      for (let i = from; i < to; i++) {
        const p = client.publishAsync('zc/v1/devices/js1/telemetry', JSON.stringify({ ts: t0 + i * 1000, values: { i } }), { qos: 1 }).then(() => void acked.add(i)).finally(() => inflight.delete(p));
        inflight.add(p);
        if (inflight.size >= 200) await Promise.race(inflight);
      }
      await Promise.all(inflight);
    };
    const first = send(0, 6000);
    // kill the writer while batches are flowing
    while (acked.size < 1500) await new Promise((r) => setTimeout(r, 10));
    writer.child.kill('SIGKILL');
    await writer.exited;
    await first;
    writer = await startServer(env('worker'));
    servers.push(writer);
    await send(6000, 7000);
    await client.endAsync();
    let rows: { i: number }[] = [];
    const end = Date.now() + 90_000;
    while (Date.now() < end) {
      rows = await count();
      if (rows.length >= acked.size) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const stored = new Set(rows.map((r) => r.i));
    expect(rows.length).toBe(stored.size);
    expect([...acked].filter((i) => !stored.has(i))).toEqual([]);
    expect(acked.size).toBe(7000);
    console.log(`JetStream kill -9 of the writer: acknowledged ${acked.size}, stored ${stored.size}, duplicates 0`);
  }, 240_000);
});
