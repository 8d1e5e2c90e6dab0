// Rule engine benchmark: N active rules over a stream of data points published on the bus,
// measuring publish → alarm row committed + `alarms.alarm.raised` published.
// `npm run bench -- rules [--seconds 60] [--rules 10000] [--points 50000] [--hot 0.002]`; DATABASE_URL = PostgreSQL,
// otherwise embedded PGlite. The last line printed is one JSON object of figures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import alarmsModule, { type AlarmEvent } from '@zhicheng/alarms';
import { bootPlatform, createLogger, loadConfig, openPgliteDb, runMigrations } from '@zhicheng/kernel';
import { copyYardstick } from './lib/copy-yardstick.js';
import { openScratchDb } from '@zhicheng/kernel/testing';
import { createRulesModule, type RulesRuntime } from '@zhicheng/rules';
import { createRulesRepository } from '../packages/rules/src/rules-repository.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const SECONDS = arg('seconds', 60);
const RULES = arg('rules', 10_000);
const POINTS_PER_S = arg('points', 50_000);
const TYPES = 50;
const ATTRS = 20;
const ENTITIES_PER_TYPE = 200;
const RULES_PER_PAIR = Math.max(1, Math.round(RULES / (TYPES * ATTRS)));
const HOT_SHARE = arg('hot', 0.002); // share of series that swing into the alarm range
const TICK_MS = 10;

function machineBusy(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

async function main() {
  const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const dataDir = mkdtempSync(join(tmpdir(), 'zc-bench-'));
  // PGlite on disk, as the embedded mode runs (an in-memory one would count the database in the RSS).
  const scratch = engine === 'pglite'
    ? await openPgliteDb(join(dataDir, 'pgdata')).then((db) => ({ db, url: null, dispose: () => db.close() }))
    : await openScratchDb(engine);
  const config = loadConfig({ LOG_LEVEL: 'warn', ZC_DATA_DIR: dataDir, ZC_DEMO: 'off', PORT: '0', ZC_RULES_SNAPSHOT_SECONDS: '30', ...(scratch.url ? { DATABASE_URL: scratch.url } : {}) });
  let runtime: RulesRuntime | null = null;
  const rules = createRulesModule({ onRuntime: (r) => (runtime = r) });
  await runMigrations(scratch.db, [...(rules.migrations ?? []), ...(alarmsModule.migrations ?? [])]);

  // Rules: every (type, attribute) pair is watched by RULES_PER_PAIR threshold rules at 90, 91, …
  const t0 = performance.now();
  await scratch.db.transaction(async (tx) => {
    const repo = createRulesRepository(tx);
    let n = 0;
    for (let ty = 0; ty < TYPES && n < RULES; ty++) {
      for (let at = 0; at < ATTRS && n < RULES; at++) {
        for (let k = 0; k < RULES_PER_PAIR && n < RULES; k++, n++) {
          await repo.write({
            id: `rule_b${n}`, departmentId: 'dept-bench', definition: {
              name: `T${ty}.a${at} > ${90 + k}`, enabled: true, severity: (['critical', 'major', 'minor', 'warning'] as const)[k % 4]!, entityType: `T${ty}`,
              condition: { kind: 'threshold', attribute: `a${at}`, op: '>', value: 90 + k, hysteresis: 3, forSeconds: 0 },
            },
          }, 'created', 'bench', null);
        }
      }
    }
  });
  const rulesWrittenMs = performance.now() - t0;

  const platform = await bootPlatform({ config, modules: [alarmsModule, rules], version: 'bench', log: createLogger(config), db: scratch.db, keepDb: true, mqtt: false, listen: false });
  const rt = runtime as RulesRuntime | null;
  if (!rt) throw new Error('the rules runtime did not start');
  const bus = platform.ctx.bus;

  const latencies: number[] = [];
  let raised = 0;
  let cleared = 0;
  bus.subscribe<AlarmEvent>('alarms.alarm.*', (e, subject) => {
    if (subject === 'alarms.alarm.raised') {
      raised++;
      if (e.observedAt) latencies.push(Date.now() - Date.parse(e.observedAt));
    } else if (subject === 'alarms.alarm.cleared') cleared++;
  });

  // Series: value = base + swing·sin(phase + t/period); hot series swing past 90…99, the rest stay below 80.
  const entities = TYPES * ENTITIES_PER_TYPE;
  const eventsPerS = POINTS_PER_S / ATTRS;
  const hot = new Uint8Array(entities * ATTRS).map((_, i) => (((i * 2654435761) >>> 0) % 10_000 < HOT_SHARE * 10_000 ? 1 : 0));
  let cursor = 0;
  let published = 0;
  let sentEvents = 0;
  const start = Date.now();
  const busy = machineBusy();
  const cpu0 = process.cpuUsage();
  let peakRss = 0;
  let peakHeap = 0;
  const depthSamples: { t: number; engine: number; writer: number; lagMs: number }[] = [];
  const sampler = setInterval(() => {
    const mem = process.memoryUsage();
    peakRss = Math.max(peakRss, mem.rss);
    peakHeap = Math.max(peakHeap, mem.heapUsed);
    const q = rt.engine.queueStats();
    const m = platform.ctx.metrics.registry.getSingleMetric('zc_alarms_signal_queue_depth') as unknown as { get(): Promise<{ values: { value: number }[] }> } | undefined;
    void m?.get().then((v) => depthSamples.push({ t: (Date.now() - start) / 1000, engine: q.depth, writer: v.values[0]?.value ?? 0, lagMs: q.oldestWaitingMs }));
  }, 1000);
  const gen = setInterval(() => {
    const now = Date.now();
    const iso = new Date(now).toISOString();
    // Catch up with the offered rate by elapsed time, so timer jitter does not lower it.
    const n = Math.floor(((now - start) / 1000) * eventsPerS) - sentEvents;
    sentEvents += Math.max(0, n);
    for (let i = 0; i < n; i++) {
      const e = cursor++ % entities;
      const ty = Math.floor(e / ENTITIES_PER_TYPE);
      const attributes: Record<string, number> = {};
      for (let a = 0; a < ATTRS; a++) {
        const series = e * ATTRS + a;
        const phase = (series % 628) / 100;
        attributes[`a${a}`] = hot[series] ? 88 + 14 * Math.sin(phase + now / 9_000) : 50 + 25 * Math.sin(phase + now / 20_000);
      }
      void bus.publish('datahub.entity.updated', {
        tenant: null, entityId: `urn:ngsi-ld:T${ty}:e${e}`, entityType: `T${ty}`, departmentId: 'dept-bench', divisionCode: `5134${String(1 + (e % 17)).padStart(2, '0')}`,
        location: null, observedAt: iso, attributes,
      });
      published += ATTRS;
    }
  }, TICK_MS);

  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(gen);
  const wall = (Date.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const machine = busy();
  // Let the queue drain and measure how long that takes (it is the backlog at the end).
  const drain0 = Date.now();
  await rt.idle();
  await new Promise((r) => setTimeout(r, 500));
  const drainMs = Date.now() - drain0;
  clearInterval(sampler);
  const half = Math.floor(depthSamples.length / 2);
  const avg = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  const firstHalf = avg(depthSamples.slice(1, half).map((s) => s.engine + s.writer));
  const secondHalf = avg(depthSamples.slice(half).map((s) => s.engine + s.writer));
  const hist = async (name: string) => {
    const m = (await platform.ctx.metrics.registry.getSingleMetric(name)?.get()) as { values: { metricName?: string; value: number; labels: { le?: number | string } }[] } | undefined;
    const sum = m?.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
    const count = m?.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const over = (le: number) => count - (m?.values.find((v) => v.metricName?.endsWith('_bucket') && Number(v.labels.le) === le)?.value ?? count);
    return { count, mean: count ? Math.round((sum / count) * 1000) / 1000 : null, over: over };
  };
  const batchSeconds = await hist('zc_alarms_signal_batch_seconds');
  const batchSizes = await hist('zc_alarms_signal_batch_size');
  const writer = { batches: batchSeconds.count, meanBatchMs: batchSeconds.mean === null ? null : Math.round(batchSeconds.mean * 1000), batchesOver250ms: batchSeconds.over(0.25), batchesOver1s: batchSeconds.over(1), meanBatchSize: batchSizes.mean };
  const alarmsRows = (await scratch.db.query<{ n: number }>('select count(*)::int as n from alarms.alarms'))[0]!.n;
  const copy = scratch.url ? await copyYardstick(scratch.url, 200000) : null;
  await platform.close();
  await scratch.dispose();
  rmSync(dataDir, { recursive: true, force: true });

  const figures = {
    benchmark: 'rules', engine, seconds: SECONDS, rules: RULES, hotSeriesShare: HOT_SHARE, rulesPerWatchedPair: RULES_PER_PAIR, entities, attributesPerEntity: ATTRS,
    offeredPointsPerS: POINTS_PER_S, achievedPointsPerS: Math.round(published / wall), evaluatedPoints: rt.engine.stats.pointsProcessed,
    ruleEvaluationsPerS: Math.round((rt.engine.stats.pointsProcessed * RULES_PER_PAIR) / wall),
    alarmsRaised: raised, alarmsCleared: cleared, alarmRows: alarmsRows, signals: rt.engine.stats.signalsEmitted,
    latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: pct(latencies, 100), samples: latencies.length },
    alarmWriter: writer,
    backlog: { meanDepthFirstHalf: firstHalf, meanDepthSecondHalf: secondHalf, maxDepth: Math.max(0, ...depthSamples.map((s) => s.engine + s.writer)), maxLagMs: Math.max(0, ...depthSamples.map((s) => s.lagMs)), drainAfterStopMs: drainMs },
    peakRssMb: Math.round(peakRss / 1048576), peakHeapUsedMb: Math.round(peakHeap / 1048576), engineStates: rt.engine.exportStates(false).length, processCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / wall) * 100), machineBusyPercent: Math.round(machine * 100), cores: cpus().length,
    rulesWrittenMs: Math.round(rulesWrittenMs), postgresCopyRowsPerS: copy,
  };
  console.log(`rules: ${figures.achievedPointsPerS} points/s over ${RULES} rules; raise p99 ${figures.latencyMs.p99} ms; peak RSS ${figures.peakRssMb} MB`);
  console.log(JSON.stringify(figures));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
