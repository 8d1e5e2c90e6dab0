// `npm run bench -- ingest [seconds] [devices] [pglite]`: MQTT QoS 1 telemetry into the real
// pipeline (embedded broker → auth/ACL → profile mapping → context broker history + latest
// state), published by two processes. Two loads (BENCH_LOAD):
// - `issue` (default), the method: every device sends ten values per message
//   (`{"ts", "values"}`, built-in profile flat-keyvalue), registered through the bulk device API;
// - `simulator`: the simulator's fleet, provisioned as `zhicheng simulate` provisions it, sending
//   the simulator's readings in their vendors' payloads (1–9 values, JSONata mappings).
// On a scratch PostgreSQL database
// (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), or PGlite with `pglite`.
// Reports the raw COPY rate of the same engine in the same run as the yardstick. Last line: one JSON object.
// BENCH_KEEP_DB=1 keeps the scratch database afterwards (to study its statements with psql).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import audit from '@zhicheng/audit';
import contextBroker, { foldRollups } from '@zhicheng/context-broker';
import devices from '@zhicheng/devices';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import { bootPlatform, createLogger, loadConfig, openPostgresDb, rawPostgres, type Db } from '@zhicheng/kernel';
import { createHttpTransport } from '@zhicheng/simulator';
import type { PublisherSpec } from './ingest/publisher.js';
import { copyYardstick, pgliteCopyYardstick } from './lib/copy-yardstick.js';
import { busyPct, cpuTimes } from './lib/machine.js';
import { provisionFlatFleet } from './lib/flat-fleet.js';
import { simulatedFleet } from './lib/sim-fleet.js';

const seconds = Number(process.argv[2] ?? 20);
const nDevices = Number(process.argv[3] ?? 10_000);
// `npm run bench -- ingest 20 10000 pglite` measures the embedded mode (PGlite in the server process).
const engine = process.argv[4] === 'pglite' ? 'pglite' : 'postgres';
const publishers = 2;
const load = process.env.BENCH_LOAD === 'simulator' ? 'simulator' : 'issue';
const window = Number(process.env.BENCH_WINDOW ?? 30_000);
// Readings pre-generated per device, one simulated second apart: enough that none repeats in a run.
const readingsPerDevice = Number(process.env.BENCH_READINGS ?? 120);
// PostgreSQL: three writers of 20,000-message batches (each writer a lane of the entities,
// concurrent transactions): 134–149 k points/s against 99–117 k with one writer of 40,000 (sixth
// session). PGlite writes one batch at a time: larger batches there.
const batch = process.env.ZC_INGEST_BATCH ?? (engine === 'pglite' ? '40000' : '20000');
const writers = engine === 'pglite' ? '1' : (process.env.ZC_INGEST_WRITERS ?? '3');
const maxQueued = process.env.ZC_INGEST_MAX_QUEUED ?? '100000';
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `zc_bench_ingest_${Date.now().toString(36)}`;
const admin = rawPostgres(base, 1);
await admin.unsafe(`create database ${dbName}`);
const url = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const dataDir = mkdtempSync(join(tmpdir(), 'zc-bench-'));
const apiKey = `zck_bench_${randomBytes(24).toString('hex')}`;

try {
  // 1. The yardstick: raw COPY of narrow rows into an unindexed table, same engine, same run.
  const rawCopyRowsPerSec = engine === 'postgres' ? await copyYardstick(url, 1_000_000) : await pgliteCopyYardstick(dataDir, 1_000_000);
  console.log(`raw COPY (${engine}): ${rawCopyRowsPerSec} rows/s`);

  // 2. The platform, in this process, on the scratch database, listening for the simulator.
  const config = loadConfig({
    // ZC_INGEST_* settings of the environment reach the platform (writers, batch, thread, …).
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('ZC_INGEST_'))),
    ...(engine === 'postgres' ? { DATABASE_URL: url } : {}), ZC_DATA_DIR: join(dataDir, 'var'), PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Bench2026', ZC_BOOTSTRAP_API_KEY: apiKey, ZC_INGEST_BATCH: batch, ZC_INGEST_WRITERS: writers, ZC_INGEST_MAX_QUEUED: maxQueued,
  });
  const platform = await bootPlatform({ config, modules: [geo, audit, identity, contextBroker, devices], version: 'bench', log: createLogger(config), listen: true });
  const db: Db = engine === 'postgres' ? openPostgresDb(url, { max: 2 }) : platform.ctx.db;

  // 3. The devices, registered through the device API (authentication and ACL on for every one).
  let fleet: PublisherSpec['devices'];
  let tokens: Record<string, string>;
  let provisionSeconds: number;
  if (load === 'issue') {
    ({ devices: fleet, tokens, seconds: provisionSeconds } = await provisionFlatFleet(platform.url!, apiKey, nDevices));
  } else {
    // The simulator's fleet (no defective devices: every message is meant to be stored), provisioned as `zhicheng simulate` does.
    const sim = (await simulatedFleet(platform.url!, apiKey, nDevices, { defectRate: 0 })).fleet;
    const provisioned = await createHttpTransport({ url: platform.url!, apiKey }).provision(sim);
    if (provisioned.created !== sim.length) throw new Error(`provisioning created ${provisioned.created} of ${sim.length} devices: ${JSON.stringify(provisioned.errors.slice(0, 3))}`);
    fleet = sim;
    tokens = Object.fromEntries(provisioned.tokens);
    provisionSeconds = provisioned.seconds;
  }
  const mqttUrl = `mqtt://127.0.0.1:${platform.ctx.mqtt!.port}`;
  console.log(`platform up; ${fleet.length} devices (${load} load) provisioned in ${provisionSeconds.toFixed(1)} s; broker ${mqttUrl}`);

  // 4. Publishers in their own processes, each with half of the fleet.
  const stepMs = 1000;
  const spec: PublisherSpec = { mqttUrl, load, devices: fleet, tokens, firstAt: Date.now() - readingsPerDevice * stepMs, stepMs, readingsPerDevice };
  const specFile = join(dataDir, 'publishers.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const script = fileURLToPath(new URL('./ingest/publisher.ts', import.meta.url));
  const per = Math.ceil(fleet.length / publishers);
  const procs = Array.from({ length: publishers }, (_, k) => spawn(process.execPath, ['--import', 'tsx', script, specFile, String(k * per), String(Math.min(fleet.length, (k + 1) * per)), String(seconds), String(window)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = procs.map((p) => createInterface({ input: p.stdout! })[Symbol.asyncIterator]());
  for (const l of lines) await l.next();
  console.log('publishers connected; measuring');
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  // The warm-up's points reach the type statistics at the next per-second flush: wait for it.
  await new Promise((r) => setTimeout(r, 1500));
  const c0 = cpuTimes();
  const s0 = process.cpuUsage();
  const [p0] = await db.query<{ n: number }>(`select coalesce(sum(points), 0)::float8 as n from ngsi.type_stats`);
  const started = performance.now();
  for (const p of procs) p.stdin!.write('go\n');
  const results = await Promise.all(lines.map(async (l) => JSON.parse((await l.next()).value as string) as { acked: number; repeated: number; p50: number; p99: number }));
  const elapsed = (performance.now() - started) / 1000;
  const c1 = cpuTimes();
  const s1 = process.cpuUsage(s0);
  clearInterval(rssTimer);
  // Type statistics are flushed every second: wait for the last flush before reading them.
  await new Promise((r) => setTimeout(r, 1500));
  const [p1] = await db.query<{ n: number }>(`select coalesce(sum(points), 0)::float8 as n from ngsi.type_stats`);
  const stored = p1!.n - p0!.n;
  const acked = results.reduce((s, r) => s + r.acked, 0);
  const dataPointsPerSec = Math.round(stored / elapsed);
  // Hourly rollups are computed from the history once the hour is over (rollup-job.ts), so the
  // window above does not include that work. Fold every pending (entity, hour) now, timed, and
  // report the rate the window's points could be both stored and rolled up at if the two shared
  // the same time. (The platform's worker folds only hours over for five minutes; an hour of
  // this run folded by it meanwhile is not counted here.)
  const [q0] = await db.query<{ n: number }>('select count(*)::int as n from ngsi.rollup_pending');
  const tFold = performance.now();
  let folded = 0;
  for (let n = 1; n > 0; folded += n) n = await foldRollups(db, { all: true });
  const foldSeconds = (performance.now() - tFold) / 1000;
  const out = {
    bench: 'ingest', engine, load, devices: fleet.length, batch: Number(batch), writers: Number(writers), inFlight: window * publishers, seconds: Math.round(elapsed * 10) / 10,
    messagesAcked: acked, messagesPerSec: Math.round(acked / elapsed), repeatedMessages: results.reduce((s, r) => s + r.repeated, 0),
    dataPointsStored: stored, pointsPerMessage: acked ? Math.round((stored / acked) * 100) / 100 : 0,
    dataPointsPerSec, rawCopyRowsPerSec, ratio: Math.round((dataPointsPerSec / rawCopyRowsPerSec) * 1000) / 1000,
    rollupPendingHours: q0!.n, rollupHoursFolded: folded, rollupFoldSeconds: Math.round(foldSeconds * 10) / 10,
    dataPointsPerSecWithRollups: Math.round(stored / (elapsed + foldSeconds)),
    p50Ms: Math.round(Math.max(...results.map((r) => r.p50)) * 10) / 10, p99Ms: Math.round(Math.max(...results.map((r) => r.p99)) * 10) / 10,
    peakRssMb: Math.round(peakRss / 1048576), machineBusyPct: busyPct(c0, c1), cores: cpus().length,
    // CPU per message (µs), steadier than the rate on a machine whose speed drifts: the server
    // process (all its threads), and the whole machine (server, publishers, PostgreSQL).
    serverCpuUsPerMessage: acked ? Math.round((s1.user + s1.system) / acked * 10) / 10 : null,
    machineCpuUsPerMessage: acked ? Math.round(((c1.busy - c0.busy) * 1000) / acked * 10) / 10 : null,
    provisionSeconds: Math.round(provisionSeconds * 10) / 10,
  };
  if (engine === 'postgres') await db.close();
  await platform.close();
  console.log(JSON.stringify(out));
} finally {
  if (!process.env.BENCH_KEEP_DB) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
