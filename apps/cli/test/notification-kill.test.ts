import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openScratchDb, testEngines, type ScratchDb } from '@zhicheng/kernel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './server-process.js';

/**
 * SIGKILL while NGSI-LD notifications are being delivered: the outbox rows are written in the
 * transaction of each change, so every change a client saw acknowledged must reach the
 * subscriber after a restart, at least once. The receiver answers slowly and holds requests
 * open, so the kill lands with deliveries in flight (leased outbox rows, unacknowledged POSTs).
 */
describe.each(testEngines())('NGSI-LD notifications survive a kill mid-delivery [%s]', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'zc-notify-kill-'));
  let scratch: ScratchDb | undefined;
  const key = `zck_test_${randomBytes(24).toString('hex')}`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

  // The receiver counts a notification once it has answered it (what the server can have seen
  // acknowledged); it holds each POST a second, so a backlog builds up in the outbox. POSTs of
  // the killed server still held at the kill are dropped unanswered: the restart must resend them.
  const seen = new Set<string>();
  let posts = 0;
  let inFlight = 0;
  let generation = 0;
  const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    const gen = generation;
    inFlight++;
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      posts++;
      setTimeout(() => {
        inFlight--;
        if (gen !== generation) return void res.destroy();
        const body = JSON.parse(text) as { data: { id: string; seq: number }[] };
        for (const d of body.data) seen.add(`${d.id}#${d.seq}`);
        res.writeHead(204).end();
      }, 1000);
    });
  });
  let receiverUrl = '';

  beforeAll(async () => {
    if (engine === 'postgres') scratch = await openScratchDb('postgres');
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise<void>((r) => receiver.close(() => r()));
    await scratch?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every acknowledged change after a SIGKILL and restart', async () => {
    const env = {
      ZC_DATA_DIR: dir, ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Adm1n#Zhicheng', ZC_BOOTSTRAP_API_KEY: key, ZC_ALLOW_PRIVATE_CALLBACKS: '1',
      ...(scratch ? { DATABASE_URL: scratch.url! } : {}),
    };
    const first: ServerProcess = await startServerProcess(env);
    const ngsi = (s: ServerProcess, path: string, init: RequestInit = {}) => fetch(`${s.url}/ngsi-ld/v1${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });

    const sub = await ngsi(first, '/subscriptions', {
      method: 'POST',
      body: JSON.stringify({
        id: 'urn:ngsi-ld:Subscription:meters', type: 'Subscription', entities: [{ type: 'Meter' }], notificationTrigger: ['entityCreated', 'attributeUpdated'],
        notification: { format: 'keyValues', attributes: ['seq'], endpoint: { uri: receiverUrl } },
      }),
    });
    expect(sub.status, first.output()).toBe(201);

    // Writers: batches of 20 meters, each write a new seq; acknowledged (entity, seq) pairs are owed a notification.
    const owed: string[] = [];
    let seq = 0;
    let killed = false;
    let writeError: Error | undefined;
    const writer = async (w: number) => {
      while (!killed) {
        const n = ++seq;
        // Located in Xichang: the bootstrap key writes within the region only.
        const batch = Array.from({ length: 20 }, (_, i) => ({
          id: `urn:ngsi-ld:Meter:${w}-${i}`, type: 'Meter', seq: { type: 'Property', value: n },
          location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [102.267 + i * 0.001, 27.894] } },
        }));
        try {
          const r = await ngsi(first, '/entityOperations/upsert', { method: 'POST', body: JSON.stringify(batch) });
          const text = await r.text();
          if (r.status === 201 || r.status === 204) owed.push(...batch.map((e) => `${e.id}#${n}`));
          else if (!killed) writeError ??= new Error(`upsert answered ${r.status}: ${text.slice(0, 500)}`);
        } catch (err) {
          if (!killed) writeError ??= err as Error;
        }
        if (writeError) return;
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    // Kill once deliveries are under way and a POST is open at the receiver.
    const t0 = Date.now();
    while (!(posts >= 3 && inFlight > 0 && owed.length >= 400)) {
      if (writeError) throw writeError;
      if (Date.now() - t0 > 60_000) throw new Error(`no delivery in flight after 60 s (posts ${posts}):\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    killed = true;
    first.child.kill('SIGKILL');
    generation++;
    await first.exited;
    await Promise.all(writers);
    const owedAtKill = owed.length;
    const missingAtKill = owed.filter((k) => !seen.has(k)).length;
    // The kill must have left work behind, or the test proves nothing.
    expect(missingAtKill, `all ${owedAtKill} were delivered before the kill`).toBeGreaterThan(0);

    const second = await startServerProcess(env);
    try {
      const t1 = Date.now();
      while (owed.some((k) => !seen.has(k))) {
        if (Date.now() - t1 > 90_000) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const lost = owed.filter((k) => !seen.has(k));
      expect(lost.slice(0, 10), `${lost.length} of ${owed.length} acknowledged changes never notified (${missingAtKill} were pending at the kill)\n${second.output().slice(-3000)}`).toEqual([]);
      const status = await (await ngsi(second, '/subscriptions/urn:ngsi-ld:Subscription:meters')).json() as { notification: { status: string } };
      expect(status.notification.status).toBe('ok');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 240_000);
});
