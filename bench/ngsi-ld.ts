// NGSI-LD broker benchmark on real PostgreSQL (DATABASE_URL; default the local server):
// batch upsert, single-attribute PATCH through HTTP, type + q + county query, temporal
// aggregation, and subscriptions with delivery counted. `npx tsx bench/ngsi-ld.ts
// [--entities 100000] [--patch-seconds 15] [--sub-seconds 20] [--rate 10000]`.
// The last line printed is one JSON object of figures.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import broker, { contextBrokerServiceKey, foldRollups, type ObservationBatchItem } from '@zhicheng/context-broker';
import { bootPlatform, createLogger, defineModule, loadConfig } from '@zhicheng/kernel';
import { copyYardstick } from './lib/copy-yardstick.js';
import { LIANGSHAN_COUNTIES } from './lib/counties.js';
import { openScratchDb } from '@zhicheng/kernel/testing';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ENTITIES = arg('entities', 100_000);
const PATCH_SECONDS = arg('patch-seconds', 15);
const SUB_SECONDS = arg('sub-seconds', 20);
const RATE = arg('rate', 10_000);
const ATTRS = ['pm25', 'pm10', 'no2', 'o3', 'so2', 'co', 'temperature', 'relativeHumidity', 'windSpeed', 'atmosphericPressure'];
const log = (...a: unknown[]) => console.log('#', ...a);

function machineBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return Math.round((1 - (b.idle - a.idle) / Math.max(1, b.total - a.total)) * 1000) / 10;
  };
}
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 100) / 100 : null;
};

/** Every request with `x-bench: k` is a principal holding all entity permissions (authentication is not measured). */
const benchAuth = defineModule({
  name: 'bench-auth',
  init(ctx) {
    ctx.setAuthenticator(async (req) => (req.headers['x-bench'] === 'k'
      ? { kind: 'apiKey', id: 'bench', name: 'bench', departmentId: 'env', can: () => true } : null));
  },
});

const obs = (i: number, t: Date, value: (a: string) => number): ObservationBatchItem => ({
  entityId: `urn:ngsi-ld:AirQualityObserved:${i}`, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: LIANGSHAN_COUNTIES[i % LIANGSHAN_COUNTIES.length]!,
  attrs: ATTRS.map((name) => ({ name, value: value(name), observedAt: t })),
});

async function main() {
  const figures: Record<string, unknown> = {};
  const scratch = await openScratchDb('postgres');
  const dataDir = mkdtempSync(join(tmpdir(), 'zc-bench-'));
  const receiver = fork(new URL('./ngsi-ld/receiver.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const receiverPort = new Promise<number>((resolve) => receiver.once('message', (m: { port: number }) => resolve(m.port)));
  try {
    figures.machine = { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version };
    let busy = machineBusy();
    figures.copyRowsPerSecond = await copyYardstick(scratch.url!, 500000);
    log('COPY yardstick', figures.copyRowsPerSecond, 'rows/s, busy', busy(), '%');

    const config = loadConfig({
      LOG_LEVEL: 'warn', ZC_DATA_DIR: dataDir, ZC_DEMO: 'off', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: scratch.url!, ZC_DB_POOL_MAX: '16', ZC_ALLOW_PRIVATE_CALLBACKS: '1',
    });
    const platform = await bootPlatform({ config, modules: [benchAuth, broker], version: 'bench', log: createLogger(config), mqtt: false });
    const base = platform.url!;
    const svc = platform.ctx.services.get(contextBrokerServiceKey);
    /** Folds every pending (entity, hour) into the hourly rollups now (the worker folds an hour once it is over). */
    const drainRollups = async () => {
      while ((await foldRollups(platform.ctx.db, { all: true })) > 0) { /* until empty */ }
    };

    // 1. Batch upsert: 100k entities × 10 attributes, 1,000 entities (10,000 values) per call, 2 writers.
    const pass = async (t: Date) => {
      const t0 = performance.now();
      const batches: ObservationBatchItem[][] = [];
      for (let s = 0; s < ENTITIES; s += 1000) batches.push(Array.from({ length: Math.min(1000, ENTITIES - s) }, (_, k) => obs(s + k, t, () => Math.round(Math.random() * 1000) / 10)));
      let next = 0;
      await Promise.all([0, 1].map(async () => {
        while (next < batches.length) await svc.writeObservations(batches[next++]!);
      }));
      return (ENTITIES * ATTRS.length) / ((performance.now() - t0) / 1000);
    };
    busy = machineBusy();
    let cpu0 = process.cpuUsage();
    let wall0 = performance.now();
    const nodeCpu = () => {
      const c = process.cpuUsage(cpu0);
      const pctOfOneCore = Math.round(((c.user + c.system) / 1000 / (performance.now() - wall0)) * 1000) / 10;
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      return pctOfOneCore;
    };
    const create = await pass(new Date(Date.now() - 120_000));
    const createBusy = busy();
    const createNode = nodeCpu();
    busy = machineBusy();
    const update = await pass(new Date(Date.now() - 60_000));
    const updateBusy = busy();
    const updateNode = nodeCpu();
    // Hourly rollups are computed asynchronously from the history (an hour once it is over): fold
    // both passes now, and give the rate of the two passes with that time added (the honest total).
    const t1 = performance.now();
    await drainRollups();
    const rollupCatchUpMs = Math.round(performance.now() - t1);
    const bothPassesSeconds = (ENTITIES * ATTRS.length) / create + (ENTITIES * ATTRS.length) / update;
    figures.batchUpsert = {
      entities: ENTITIES, attrsPerEntity: ATTRS.length, createAttrPerSecond: Math.round(create), createBusyPct: createBusy, createNodeCpuPctOfOneCore: createNode,
      updateAttrPerSecond: Math.round(update), updateBusyPct: updateBusy, updateNodeCpuPctOfOneCore: updateNode,
      rollupCatchUpMs, bothPassesWithRollupsAttrPerSecond: Math.round((2 * ENTITIES * ATTRS.length) / (bothPassesSeconds + rollupCatchUpMs / 1000)),
    };
    log('batch upsert', figures.batchUpsert);
    // What autovacuum would do shortly after a bulk load; the planner needs the statistics.
    await platform.ctx.db.exec('analyze ngsi.entities');
    if (process.argv.includes('--only-upsert')) {
      await platform.close();
      console.log(JSON.stringify(figures));
      return;
    }

    // 2. PATCH one attribute through HTTP, 64 connections, load generator in its own process.
    busy = machineBusy();
    const patchOut = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [new URL('./ngsi-ld/patch-load.mjs', import.meta.url).pathname, base, '64', String(PATCH_SECONDS), String(ENTITIES)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout.on('data', (c: Buffer) => (out += c.toString()));
      p.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`load generator exited ${code}`))));
    });
    // The hours the PATCHes added to (one attribute of entities folded before) are folded again
    // now, timed on their own: the temporal figures below then fold only their own data.
    const patchBusy = busy();
    const tPatchFold = performance.now();
    await drainRollups();
    figures.patch = { connections: 64, seconds: PATCH_SECONDS, ...(JSON.parse(patchOut) as object), busyPct: patchBusy, rollupCatchUpMs: Math.round(performance.now() - tPatchFold) };
    log('PATCH', figures.patch);

    // 3. Query type + q + county, limit 100 (console API and NGSI-LD), sequential, latency per request.
    const timeGets = async (path: string, n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const r = await fetch(`${base}${path}`, { headers: { 'x-bench': 'k' } });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${path} → ${r.status}`);
        ms.push(performance.now() - t0);
      }
      return { p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99) };
    };
    const county = (i: number) => LIANGSHAN_COUNTIES[i % LIANGSHAN_COUNTIES.length];
    busy = machineBusy();
    const consoleQ = await timeGets(`/api/v1/datahub/entities?type=AirQualityObserved&county=${county(1)}&ngsiQ=${encodeURIComponent('pm25>50;temperature<80')}&limit=100`, 300);
    const ngsiQ = await timeGets(`/ngsi-ld/v1/entities?type=AirQualityObserved&q=${encodeURIComponent('pm25>50;temperature<80')}&limit=100`, 300);
    figures.query = { typeQCountyLimit100Ms: consoleQ, ngsiTypeQLimit100Ms: ngsiQ, busyPct: busy() };
    log('query', figures.query);

    // 4. Temporal: one attribute, 30 days of minute data, hourly buckets.
    const T0 = Date.UTC(2026, 0, 1);
    const tWrite = performance.now();
    for (let d = 0; d < 30; d++) {
      await svc.writeObservations([{ entityId: 'urn:ngsi-ld:AirQualityObserved:temporal', entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: LIANGSHAN_COUNTIES[0]!,
        attrs: Array.from({ length: 1440 }, (_, m) => ({ name: 'pm25', value: 50 + 30 * Math.sin((d * 1440 + m) / 200), observedAt: new Date(T0 + (d * 1440 + m) * 60_000) })) }]);
    }
    const temporalWriteMs = Math.round(performance.now() - tWrite);
    const tDrain = performance.now();
    await drainRollups();
    const temporalRollupCatchUpMs = Math.round(performance.now() - tDrain);
    const range = `timerel=between&timeAt=2026-01-01T00:00:00Z&endTimeAt=2026-01-31T00:00:00Z`;
    const agg = `/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityObserved:temporal?attrs=pm25&options=aggregatedValues&aggrMethods=avg,min,max,totalCount,stddev&aggrPeriodDuration=PT1H&${range}`;
    busy = machineBusy();
    const fromRollups = await timeGets(agg, 100);
    const raw = await timeGets(agg.replace('T00:00:00Z&endTimeAt', 'T00:00:30Z&endTimeAt'), 20);
    figures.temporal = { points: 30 * 1440, writeMs: temporalWriteMs, rollupCatchUpMs: temporalRollupCatchUpMs, hourlyAggregationMs: fromRollups, sameFromRawHistoryMs: raw, busyPct: busy() };
    log('temporal', figures.temporal);

    // 5. Subscriptions: 1,000 active (10 meters each), RATE updates/s for SUB_SECONDS, every notification counted.
    const port = await receiverPort;
    const METERS = 10_000;
    for (let s = 0; s < METERS; s += 1000) {
      await svc.writeObservations(Array.from({ length: 1000 }, (_, k) => ({ entityId: `urn:ngsi-ld:Meter:${s + k}`, entityType: 'Meter', departmentId: 'env', divisionCode: LIANGSHAN_COUNTIES[0]!, attrs: [{ name: 'v', value: 0, observedAt: new Date() }] })));
    }
    for (let i = 0; i < 1000; i++) {
      const r = await fetch(`${base}/ngsi-ld/v1/subscriptions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-bench': 'k' },
        body: JSON.stringify({ type: 'Subscription', entities: Array.from({ length: 10 }, (_, k) => ({ id: `urn:ngsi-ld:Meter:${i * 10 + k}`, type: 'Meter' })), watchedAttributes: ['v'], notification: { attributes: ['v'], format: 'keyValues', endpoint: { uri: `http://127.0.0.1:${port}/n` } } }),
      });
      if (r.status !== 201) throw new Error(`subscription ${i}: ${r.status} ${await r.text()}`);
    }
    await new Promise((r) => setTimeout(r, 1500));
    receiver.send('reset');
    busy = machineBusy();
    // Paced by the clock: every 100 ms the updates due since the start are sent (batches of at
    // most 1,000 distinct meters, at most four batches in flight). A write that holds the loop
    // back is caught up in the next ticks, so the offered rate is RATE unless the platform
    // cannot take it (then the loop waits on the writes and the achieved rate falls).
    const tickMs = 100;
    let sent = 0;
    let cursor = 0;
    const started = performance.now();
    const writes: Promise<unknown>[] = [];
    while (performance.now() - started < SUB_SECONDS * 1000) {
      let due = Math.floor(((performance.now() - started) * RATE) / 1000) - sent;
      while (due > 0) {
        const n = Math.min(due, 1000);
        const now = Date.now();
        const batch = Array.from({ length: n }, () => {
          const id = cursor++ % METERS;
          return { entityId: `urn:ngsi-ld:Meter:${id}`, entityType: 'Meter', departmentId: 'env', divisionCode: LIANGSHAN_COUNTIES[0]!, attrs: [{ name: 'v', value: now, observedAt: new Date(now + (cursor % 1000)) }] };
        });
        // Distinct meters per batch (one row per entity per statement); values carry the submit time.
        writes.push(svc.writeObservations(batch));
        sent += n;
        due -= n;
        if (writes.length >= 4) await writes.shift();
      }
      const wait = tickMs - ((performance.now() - started) % tickMs);
      await new Promise((r) => setTimeout(r, wait));
    }
    // The offered rate over the driving loop; the last writes still in flight are waited for
    // after it (their time shows in the latencies, not in the rate).
    const driveSeconds = (performance.now() - started) / 1000;
    await Promise.all(writes);
    const stats = async () => new Promise<{ count: number; posts: number; p50: number; p95: number; p99: number; max: number }>((resolve) => {
      receiver.once('message', resolve as (m: unknown) => void);
      receiver.send('stats');
    });
    let st = await stats();
    const deadline = Date.now() + 60_000;
    while (st.count < sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      st = await stats();
    }
    figures.subscriptions = {
      active: 1000, offeredUpdatesPerSecond: RATE, achievedUpdatesPerSecond: Math.round(sent / driveSeconds), updates: sent,
      notified: st.count, lost: sent - st.count, httpPosts: st.posts, latencyMs: { p50: st.p50, p95: st.p95, p99: st.p99, max: st.max }, busyPct: busy(),
    };
    log('subscriptions', figures.subscriptions);
    await platform.close();
  } finally {
    receiver.send('exit');
    await scratch.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
