// `npm run bench -- ingest [seconds] [devices]`: MQTT QoS 1 telemetry into the real pipeline
// (embedded broker → auth/ACL → mapping → context broker history + latest state), 10 values
// per message, publishers in separate processes, on a scratch PostgreSQL database
// (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres). Reports the raw COPY rate of
// the same database in the same run as the yardstick. Last line: one JSON object.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import audit from '@zhicheng/audit';
import contextBroker from '@zhicheng/context-broker';
import devices from '@zhicheng/devices';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import { PGlite } from '@electric-sql/pglite';
import { bootPlatform, createLogger, loadConfig, openPostgresDb, rawPostgres, type Db } from '@zhicheng/kernel';

const seconds = Number(process.argv[2] ?? 20);
const nDevices = Number(process.argv[3] ?? 10_000);
// `npm run bench -- ingest 20 10000 pglite` measures the embedded mode (PGlite in the server process).
const engine = process.argv[4] === 'pglite' ? 'pglite' : 'postgres';
const publishers = 2;
const window = Number(process.env.BENCH_WINDOW ?? 30_000);
const batch = process.env.ZC_INGEST_BATCH ?? '40000';
const maxQueued = process.env.ZC_INGEST_MAX_QUEUED ?? '100000';
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `zc_bench_ingest_${Date.now().toString(36)}`;
const admin = rawPostgres(base, 1);
await admin.unsafe(`create database ${dbName}`);
const url = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const dataDir = mkdtempSync(join(tmpdir(), 'zc-bench-'));

const cpuBusy = () => {
  const c = cpus();
  return { busy: c.reduce((s, x) => s + x.times.user + x.times.nice + x.times.sys + x.times.irq, 0), total: c.reduce((s, x) => s + Object.values(x.times).reduce((a, b) => a + b, 0), 0) };
};

try {
  // 1. The yardstick: raw COPY of narrow rows into an unindexed table, same engine, same run.
  const rows = 1_000_000;
  const now = new Date().toISOString();
  const chunkOf = (i: number) => {
    let chunk = '';
    for (let j = i; j < i + 10_000; j++) chunk += `d${j % 10000}\tv${j % 10}\t${now}\t${j * 0.1}\n`;
    return chunk;
  };
  const t0 = performance.now();
  if (engine === 'postgres') {
    const raw = rawPostgres(url, 1);
    await raw.unsafe('create table copy_probe (device text, attr text, ts timestamptz, v float8)');
    const w = await raw.unsafe('copy copy_probe from stdin').writable();
    for (let i = 0; i < rows; i += 10_000) if (!w.write(chunkOf(i))) await new Promise((r) => w.once('drain', r));
    await new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await raw.unsafe('drop table copy_probe');
    await raw.end();
  } else {
    const pg = new PGlite(join(dataDir, 'copy-probe'));
    await pg.exec('create table copy_probe (device text, attr text, ts timestamptz, v float8)');
    const parts: string[] = [];
    for (let i = 0; i < rows; i += 10_000) parts.push(chunkOf(i));
    await pg.query(`copy copy_probe from '/dev/blob'`, [], { blob: new Blob(parts) });
    await pg.close();
  }
  const rawCopyRowsPerSec = Math.round(rows / ((performance.now() - t0) / 1000));
  console.log(`raw COPY (${engine}): ${rawCopyRowsPerSec} rows/s`);

  // 2. The platform, in this process, on the scratch database.
  const config = loadConfig({ ...(engine === 'postgres' ? { DATABASE_URL: url } : {}), ZC_DATA_DIR: dataDir, PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Bench2026', ZC_INGEST_BATCH: batch, ZC_INGEST_MAX_QUEUED: maxQueued });
  const platform = await bootPlatform({ config, modules: [geo, audit, identity, contextBroker, devices], version: 'bench', log: createLogger(config), listen: false });
  const db: Db = engine === 'postgres' ? openPostgresDb(url, { max: 2 }) : platform.ctx.db;
  const ids = Array.from({ length: nDevices }, (_, i) => `b${i}`);
  await db.query(
    `insert into devices.devices (id, name, profile_id, division_code, entity_id, entity_type, token_hash)
     select x.id, x.id, 'flat-keyvalue', '513401', 'urn:ngsi-ld:DeviceMeasurement:' || x.id, 'DeviceMeasurement', x.h
     from unnest($1::text[], $2::text[]) as x(id, h)`,
    [ids, ids.map((_, i) => createHash('sha256').update(`zcd_bench-token-${i}`).digest('hex'))],
  );
  const mqttUrl = `mqtt://127.0.0.1:${platform.ctx.mqtt!.port}`;
  console.log(`platform up; ${nDevices} devices; broker ${mqttUrl}`);

  // 3. Publishers in their own processes.
  const script = fileURLToPath(new URL('./ingest/publisher.ts', import.meta.url));
  const per = Math.ceil(nDevices / publishers);
  const procs = Array.from({ length: publishers }, (_, k) => spawn(process.execPath, ['--import', 'tsx', script, mqttUrl, String(k * per), String(Math.min(nDevices, (k + 1) * per)), String(seconds), String(window)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const lines = procs.map((p) => createInterface({ input: p.stdout! })[Symbol.asyncIterator]());
  for (const l of lines) await l.next();
  console.log('publishers connected; measuring');
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const c0 = cpuBusy();
  const [p0] = await db.query<{ n: number }>(`select coalesce(sum(points), 0)::float8 as n from ngsi.type_stats`);
  const started = performance.now();
  for (const p of procs) p.stdin!.write('go\n');
  const results = await Promise.all(lines.map(async (l) => JSON.parse((await l.next()).value as string) as { acked: number; p50: number; p99: number }));
  const elapsed = (performance.now() - started) / 1000;
  const c1 = cpuBusy();
  clearInterval(rssTimer);
  const [p1] = await db.query<{ n: number }>(`select coalesce(sum(points), 0)::float8 as n from ngsi.type_stats`);
  const stored = p1!.n - p0!.n;
  const acked = results.reduce((s, r) => s + r.acked, 0);
  const dataPointsPerSec = Math.round(stored / elapsed);
  const out = {
    bench: 'ingest', engine, devices: nDevices, batch: Number(batch), inFlight: window * publishers, seconds: Math.round(elapsed * 10) / 10, messagesAcked: acked, dataPointsStored: stored,
    dataPointsPerSec, rawCopyRowsPerSec, ratio: Math.round((dataPointsPerSec / rawCopyRowsPerSec) * 1000) / 1000,
    p50Ms: Math.round(Math.max(...results.map((r) => r.p50)) * 10) / 10, p99Ms: Math.round(Math.max(...results.map((r) => r.p99)) * 10) / 10,
    peakRssMb: Math.round(peakRss / 1048576), machineBusyPct: Math.round(((c1.busy - c0.busy) / (c1.total - c0.total)) * 1000) / 10, cores: cpus().length,
  };
  if (engine === 'postgres') await db.close();
  await platform.close();
  console.log(JSON.stringify(out));
} finally {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
