// `npm run bench -- provision [--devices 100000] [--chunk 1000] [--concurrency 2]`: provisions the simulated fleet
// against a real server process (`zhicheng start`) through `zhicheng simulate`'s provisioning
// path (the simulator's HTTP transport → POST /api/v1/devices/batch, then the entities' static
// facts by NGSI-LD batch update), twice: the first run creates every device, the second must
// create and change nothing (idempotency). Embedded mode (PGlite) by default; with DATABASE_URL
// set, a scratch PostgreSQL database next to it (dropped afterwards). The raw COPY rate of the
// same engine is measured first, as the yardstick. Last line: one JSON object.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpTransport, type ProvisionResult } from '@zhicheng/simulator';
import { startServerProcess } from '../apps/cli/test/server-process.js';
import { copyYardstick, pgliteCopyYardstick } from './lib/copy-yardstick.js';
import { busyPct, cpuTimes, peakRssMb } from './lib/machine.js';
import { scratchDatabase } from './lib/scratch-database.js';
import { simulatedFleet } from './lib/sim-fleet.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const nDevices = arg('devices', 100_000);
const chunk = arg('chunk', 1000);
const concurrency = arg('concurrency', 2);
const base = process.env.DATABASE_URL;
const engine = base ? 'postgres' : 'pglite';
const dir = mkdtempSync(join(tmpdir(), 'zc-bench-provision-'));
const apiKey = `zck_bench_${randomBytes(24).toString('hex')}`;

const scratch = await scratchDatabase('zc_bench_provision');
const url = scratch.url;
try {
  const rawCopyRowsPerSec = url ? await copyYardstick(url, 500_000) : await pgliteCopyYardstick(dir, 500_000);
  console.log(`raw COPY (${engine}): ${rawCopyRowsPerSec} rows/s`);

  const server = await startServerProcess({
    ZC_DATA_DIR: join(dir, 'var'), ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Bench2026', ZC_BOOTSTRAP_API_KEY: apiKey,
    ...(url ? { DATABASE_URL: url } : {}),
  }, 120_000);
  try {
    console.log(`server ${server.url} (${engine}, pid ${server.child.pid})`);
    const { fleet, seconds: generated } = await simulatedFleet(server.url, apiKey, nDevices);
    console.log(`fleet of ${fleet.length} devices generated in ${generated.toFixed(1)} s`);
    const transport = createHttpTransport({ url: server.url, apiKey, provisionChunk: chunk, provisionConcurrency: concurrency });

    const run = async (label: string) => {
      const c0 = cpuTimes();
      const t0 = performance.now();
      let shown = 0;
      const r: ProvisionResult = await transport.provision(fleet, (p) => {
        if (p.done - shown >= 10_000 || p.done === p.total) {
          shown = p.done;
          console.log(`${label}: ${p.done}/${p.total} at ${((performance.now() - t0) / 1000).toFixed(1)} s (${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged, ${p.failed} failed)`);
        }
      });
      const busy = busyPct(c0, cpuTimes());
      const out = {
        seconds: Math.round(r.seconds * 10) / 10, devicesPerSec: Math.round(r.total / r.seconds), created: r.created, updated: r.updated,
        unchanged: r.unchanged, failed: r.failed, staticWritten: r.staticWritten, retries: r.retries, machineBusyPct: busy,
      };
      console.log(`${label}: ${out.devicesPerSec} devices/s, machine busy ${busy} %`, r.errors.slice(0, 3));
      return out;
    };
    const first = await run('run 1');
    const second = await run('run 2');
    const listed = (await (await fetch(`${server.url}/api/v1/devices?limit=1`, { headers: { 'x-api-key': apiKey } })).json()) as { total: number };
    const serverPeakRssMb = peakRssMb(server.child.pid!);
    const out = {
      bench: 'provision', engine, devices: fleet.length, chunk, concurrency, fleetGenerationSeconds: Math.round(generated * 10) / 10,
      devicesPerSec: first.devicesPerSec, rerunDevicesPerSec: second.devicesPerSec,
      idempotent: second.created === 0 && second.updated === 0 && second.failed === 0 && second.staticWritten === 0 && listed.total === fleet.length,
      registered: listed.total, first, second, rawCopyRowsPerSec, serverPeakRssMb, cores: cpus().length,
    };
    console.log(JSON.stringify(out));
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
} finally {
  await scratch.drop();
  rmSync(dir, { recursive: true, force: true });
}
