// The console's map at city scale: `npm run bench -- console-scale [--devices 100000]`.
// Starts a real server (`zhicheng start`, demo accounts, simulator off; PGlite, or a scratch
// PostgreSQL database when DATABASE_URL is set), provisions the simulator's fleet of that size
// through the device API, then opens the overview in Debian's Chromium (software WebGL) as the
// operator and measures: time to the `zc:first-map-data` mark (every point layer loaded), points
// on the map, and frame intervals while the map is zoomed and dragged with the mouse with every
// layer switched on (the "smooth" of the console issue) — first with the demo fleet, then with
// the city-scale fleet, in one run. The last line printed is one JSON object.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createHttpTransport } from '@zhicheng/simulator';
import { startServerProcess } from '../apps/cli/test/server-process.js';
import { CHROMIUM_PATH } from '../apps/web/e2e/harness.js';
import { busyPct, cpuTimes } from './lib/machine.js';
import { scratchDatabase } from './lib/scratch-database.js';
import { simulatedFleet } from './lib/sim-fleet.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const nDevices = arg('devices', 100_000);
const base = process.env.DATABASE_URL;
const engine = base ? 'postgres' : 'pglite';
const dir = mkdtempSync(join(tmpdir(), 'zc-bench-console-scale-'));
const apiKey = `zck_bench_${randomBytes(24).toString('hex')}`;
const demoPassword = 'Demo#Bench2026';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!) : null;
};

const scratch = await scratchDatabase('zc_bench_console');
const url = scratch.url;
try {
  const server = await startServerProcess({
    ZC_DATA_DIR: join(dir, 'var'), ZC_DEMO: 'on', ZC_SIMULATOR: 'off', ZC_ADMIN_PASSWORD: 'Admin#Bench2026', ZC_DEMO_PASSWORD: demoPassword,
    ZC_BOOTSTRAP_API_KEY: apiKey, ...(url ? { DATABASE_URL: url } : {}),
  }, 120_000);
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const login = (await (await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: demoPassword }),
    })).json()) as { token: string; expiresAt: string };

    /** Opens the overview afresh and measures first data and frames while zooming and dragging. */
    const measure = async (label: string) => {
      const page = await browser.newPage();
      await page.setViewport({ width: 1920, height: 1080 });
      await page.evaluateOnNewDocument(`sessionStorage.setItem('zc.session', ${JSON.stringify(JSON.stringify({ token: login.token, expiresAt: login.expiresAt, mustChangePassword: false, mustEnrollTotp: false }))});`);
      await page.goto(`${server.url}/overview`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => performance.getEntriesByName('zc:first-map-data').length > 0, { timeout: 300_000 });
      const firstMapDataMs = await page.evaluate(() => Math.round(performance.getEntriesByName('zc:first-map-data')[0]!.startTime));
      await page.waitForSelector('[data-testid="county-map"][data-map-state="ready"]', { timeout: 120_000 });
      const pointsOnMap = (await page.evaluate(
        `[...document.querySelectorAll('[data-layer][data-count]')].reduce((n, el) => n + Number(el.getAttribute('data-count') ?? 0), 0)`,
      )) as number;
      // Every layer on: the worst case (the dense infrastructure layers start switched off).
      await page.evaluate(`[...document.querySelectorAll('[data-layer] input[type=checkbox]')].forEach((box) => { if (!box.checked) box.click(); })`);
      await new Promise((r) => setTimeout(r, 3000));
      const shot = join(tmpdir(), `zc-console-scale-${pointsOnMap}.png`);
      await page.screenshot({ path: shot as `${string}.png` });
      console.log(`${label}: screenshot with every layer on: ${shot}`);
      console.log(`${label}: first data on the map after ${firstMapDataMs} ms; ${pointsOnMap} points and open alarms in the layers`);

      // Frame intervals while the operator zooms in and out and drags the map.
      await page.evaluate(`(() => { window.__frames = []; let last = performance.now(); const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
      const before = cpuTimes();
      const box = (await (await page.$('[data-testid="county-map"]'))!.boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      await page.mouse.move(cx, cy);
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k < 5; k++) await page.mouse.wheel({ deltaY: -120 });
        await new Promise((r) => setTimeout(r, 600));
        await page.mouse.down();
        for (let k = 0; k < 20; k++) await page.mouse.move(cx + k * 10, cy + k * 5);
        await page.mouse.up();
        for (let k = 0; k < 5; k++) await page.mouse.wheel({ deltaY: 120 });
        await new Promise((r) => setTimeout(r, 600));
      }
      const frames = (await page.evaluate('window.__frames')) as number[];
      const machineBusyPct = busyPct(before, cpuTimes());
      await page.close();
      return {
        firstMapDataMs, pointsInLayers: pointsOnMap, frames: frames.length,
        frameMs: { p50: pct(frames, 50), p95: pct(frames, 95), p99: pct(frames, 99), max: pct(frames, 100) },
        fpsDuringInteraction: frames.length ? Math.round(1000 / (frames.reduce((a, b) => a + b, 0) / frames.length)) : null,
        machineBusyPct,
      };
    };

    // Both sides in one run: the demo fleet first (the software renderer's own ceiling), then the city-scale fleet.
    const provision = async (n: number) => {
      const { fleet } = await simulatedFleet(server.url, apiKey, n);
      const t0 = performance.now();
      const provisioned = await createHttpTransport({ url: server.url, apiKey }).provision(fleet, () => {});
      console.log(`${fleet.length} devices provisioned in ${((performance.now() - t0) / 1000).toFixed(1)} s (${provisioned.failed} failed)`);
      return { fleet, provisioned };
    };
    await provision(400);
    const demo = await measure('demo-sized fleet (400 requested)');
    const { fleet, provisioned } = await provision(nDevices);
    const scale = await measure(`${fleet.length} devices`);
    const out = { bench: 'console-scale', engine, devices: fleet.length, provisionFailed: provisioned.failed, demo, scale };
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
} finally {
  await scratch.drop();
  rmSync(dir, { recursive: true, force: true });
}
