import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createPipeline } from './pipeline.js';
import { createBatchWriter } from './batch-writer.js';
import type { DeviceDirectory, DeviceInfo } from '../registry/device-directory.js';
import { compileProfile } from '../profiles/mapping.js';
import { BUILTIN_PROFILES } from '../profiles/builtin-profiles.js';

const log = pino({ level: 'silent' });
const device: DeviceInfo = { id: 'd1', entityId: 'urn:ngsi-ld:DeviceMeasurement:d1', entityType: 'DeviceMeasurement', departmentId: null, divisionCode: '513401', profileId: 'air-quality', tokenHash: 'x', status: 'online', loadedAt: Date.now() };
const dir = {
  get: async (id: string) => (id === 'd1' ? device : null),
  profile: async (id: string) => {
    const b = BUILTIN_PROFILES.find((p) => p.id === id)!;
    return compileProfile(b);
  },
} as unknown as DeviceDirectory;

describe('batch writer', () => {
  it('backpressure: with a slow store, writers wait and at most maxQueued messages are held', async () => {
    let maxHeld = 0;
    let stored = 0;
    let release: () => void = () => {};
    const gate = () => new Promise<void>((r) => (release = r));
    let pending = gate();
    const w = createBatchWriter({
      observations: { async writeObservations(items) { await pending; stored += items.length; return { entities: 0, points: 0, newPoints: 0, notifications: 0 }; } },
      deadLetters: { async insertMany() {} },
    }, { maxQueued: 100, maxBatch: 10, concurrency: 1 }, log);
    const p = (i: number) => ({ ok: true as const, device, points: 1, item: { entityId: `urn:ngsi-ld:X:${i}`, entityType: 'X', departmentId: null, divisionCode: null, attrs: [] } });
    let done = 0;
    const writes = Array.from({ length: 500 }, (_, i) => w.write(p(i)).then(() => void done++));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 5));
      maxHeld = Math.max(maxHeld, w.held());
    }
    expect(done).toBe(0); // nothing acknowledged while the store is stuck
    expect(maxHeld).toBeLessThanOrEqual(100);
    expect(w.tryWrite([p(999)])).toBeNull(); // HTTP would answer 503
    const old = release;
    pending = Promise.resolve();
    old();
    await Promise.all(writes);
    expect(stored).toBe(500);
    await w.close();
  });

  it('gives each message as it was stored: a message the store refuses for its data comes back as a dead letter', async () => {
    const dead: unknown[] = [];
    const w = createBatchWriter({
      observations: {
        async writeObservations(items) {
          if (items.some((i) => i.entityId.endsWith(':bad'))) throw Object.assign(new Error('value out of range'), { code: '22003' });
          return { entities: items.length, points: 0, newPoints: 0, notifications: 0 };
        },
      },
      deadLetters: { async insertMany(list) { dead.push(...list); } },
    }, { maxQueued: 100, maxBatch: 10, concurrency: 1 }, log);
    const p = (id: string) => ({ ok: true as const, device, points: 1, item: { entityId: `urn:ngsi-ld:X:${id}`, entityType: 'X', departmentId: null, divisionCode: null, attrs: [] } });
    const stored = await Promise.all(w.tryWrite([p('a'), p('bad'), p('c')])!);
    expect(stored.map((s) => s.ok)).toEqual([true, false, true]);
    expect(stored[1]).toMatchObject({ ok: false, dead: { reasonCode: 'ERR_INGEST_WRITE_REJECTED', deviceId: 'd1' } });
    expect(dead).toHaveLength(1);
  });

  it('fuzz: any payload is either mapped or becomes a dead letter; the pipeline never throws', async () => {
    const prepare = createPipeline(dir);
    await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), fc.json().map((s) => Buffer.from(s)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify({ time: v, data: v })))), fc.constantFrom('d1', 'ghost'), async (payload, deviceId) => {
      const p = await prepare({ transport: 'fuzz', deviceId, kind: 'telemetry', payload, receivedAt: Date.now() });
      if (p.ok) expect(p.item.attrs.length).toBeGreaterThan(0);
      else {
        expect(p.dead.reasonCode).toMatch(/^ERR_INGEST_/);
        expect(Buffer.compare(p.dead.payload, payload)).toBe(0);
      }
    }), { numRuns: 500 });
  });

  it('with several writers, concurrent batches never share an entity and an entity\'s messages keep their order', async () => {
    const inFlight = new Set<string>();
    const seen = new Map<string, number[]>();
    let overlaps = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const w = createBatchWriter({
      observations: {
        async writeObservations(items) {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          const ids = items.map((i) => i.entityId);
          for (const id of ids) if (inFlight.has(id)) overlaps++;
          for (const id of ids) inFlight.add(id);
          await new Promise((r) => setTimeout(r, 2));
          for (const it of items) for (const a of it.attrs) seen.set(it.entityId, [...(seen.get(it.entityId) ?? []), a.value as number]);
          for (const id of ids) inFlight.delete(id);
          concurrent--;
          return { entities: 0, points: 0, newPoints: 0, notifications: 0 };
        },
      },
      deadLetters: { async insertMany() {} },
    }, { maxQueued: 1000, maxBatch: 7, concurrency: 3 }, log);
    const p = (e: number, n: number) => ({ ok: true as const, device, points: 1, item: {
      entityId: `urn:ngsi-ld:X:${e}`, entityType: 'X', departmentId: null, divisionCode: null, attrs: [{ name: 'n', value: n, observedAt: new Date(n) }],
    } });
    const writes: Promise<void>[] = [];
    for (let n = 0; n < 40; n++) for (let e = 0; e < 12; e++) writes.push(w.write(p(e, n)));
    await Promise.all(writes);
    expect(overlaps).toBe(0);
    expect(maxConcurrent).toBeGreaterThan(1);
    for (let e = 0; e < 12; e++) expect(seen.get(`urn:ngsi-ld:X:${e}`)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });
});
