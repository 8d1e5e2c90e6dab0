import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it, vi } from 'vitest';
import { ingestServiceKey } from '../src/index.js';
import { createDevice, ENV, historyRows, MODULES } from './helpers.js';

const MAX_QUEUED = 100;

describeWithPlatform('HTTP telemetry when the durable write path is saturated', { modules: MODULES, env: { ...ENV, ZC_INGEST_MAX_QUEUED: String(MAX_QUEUED) } }, (t) => {
  it('answers 503 with Retry-After and ERR_INGEST_BUSY, and loses nothing it acknowledged', async () => {
    const p = t.platform();
    const d = await createDevice(p, { id: 'bp-1', name: 'backpressure', profileId: 'flat-keyvalue', divisionCode: '513401' });
    const h = { authorization: `Bearer ${d.credentials.token}` };
    const base = Date.parse('2026-05-01T00:00:00Z');
    const post = (i: number) => p.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: h, payload: { ts: base + i * 1000, values: { n: i } } });
    // One reading first: it also loads the device and its profile into the directory, so the
    // device path needs no database while the write path is blocked.
    expect((await post(0)).statusCode).toBe(200);

    // Block the write path: a transaction holds the device's entity row (PostgreSQL: the
    // batch's upsert waits for the row lock; PGlite: its only connection).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const blocker = p.ctx.db.transaction(async (tx) => {
      await tx.query('select id from ngsi.entities where id = $1 for update', [d.entityId]);
      holding();
      await gate;
    });
    await held;

    const ingest = p.ctx.services.get(ingestServiceKey);
    let answered = 0;
    const inFlight = Array.from({ length: MAX_QUEUED }, (_, i) => post(i + 1).finally(() => void answered++));
    // every one of them is held, awaiting its commit (a condition, not a timing)
    await vi.waitFor(() => expect(ingest.held()).toBe(MAX_QUEUED), { timeout: 20_000, interval: 20 });

    const refused = await post(MAX_QUEUED + 1);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ status: 503, code: 'ERR_INGEST_BUSY' });
    // nothing was acknowledged while nothing could be stored
    expect(answered).toBe(0);

    release();
    await blocker;
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.statusCode)).toEqual(Array(MAX_QUEUED).fill(200));
    expect(results.every((r) => r.json<{ accepted: number }>().accepted === 1)).toBe(true);
    // Every acknowledged reading is stored; the refused one is not, until the client retries.
    const rows = await historyRows(p, d.entityId);
    expect(rows).toHaveLength(MAX_QUEUED + 1);
    expect(rows.some((r) => r.ts.getTime() === base + (MAX_QUEUED + 1) * 1000)).toBe(false);
    expect((await post(MAX_QUEUED + 1)).statusCode).toBe(200);
    expect(await historyRows(p, d.entityId)).toHaveLength(MAX_QUEUED + 2);
    const metrics = await p.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/zc_ingest_refused_total [1-9]/);
  });
});
