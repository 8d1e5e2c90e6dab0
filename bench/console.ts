// Console benchmark: Lighthouse 12 (from npm) driving Debian's Chromium against the real demo
// server (`zhicheng start` with the simulated fleet), signed in as the operator.
//   - the overview's performance score, desktop preset (the console is built for a 1920×1080 wall
//     and laptops) and, for comparison, Lighthouse's default mobile preset (slow 4G, 4× CPU);
//   - the accessibility score of every operator page;
//   - first data on the map: from navigation start to the `zc:first-map-data` User Timing mark
//     (stations and open alarms handed to the map), over fresh browser contexts.
// `npm run bench -- console [--runs 3]`. The last line printed is one JSON object of figures.
import lighthouse, { desktopConfig } from 'lighthouse';
import type { Config, Flags } from 'lighthouse';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { apiLogin, CHROMIUM_PATH, ensureConsoleBuilt, startServer, waitForSimulator } from '../apps/web/e2e/harness.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 3);
const FIRST_MAP_DATA_MARK = 'zc:first-map-data';
/** Operator pages whose accessibility is scored (pages the operator may not open show the no-access page). */
const PAGES = ['/overview', '/alarms', '/entities', '/devices', '/devices/profiles', '/dead-letters', '/rules', '/settings/notifications', '/system'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
const score = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100));

interface LoginSession { token: string; expiresAt: string; mustChangePassword: boolean; mustEnrollTotp: boolean }

async function signedInPage(browser: Browser, session: LoginSession): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // The console keeps its session in sessionStorage (src/api/session.ts): set it before any script runs.
  await page.evaluateOnNewDocument(`sessionStorage.setItem('zc.session', ${JSON.stringify(JSON.stringify(session))});`);
  return page;
}

async function audit(browser: Browser, session: LoginSession, url: string, config: Config | undefined, categories: string[]) {
  const page = await signedInPage(browser, session);
  try {
    const flags: Flags = { onlyCategories: categories, disableStorageReset: true, logLevel: 'error' };
    const result = await lighthouse(url, flags, config, page);
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const metric = (id: string) => (lhr.audits[id]?.numericValue == null ? null : Math.round(lhr.audits[id].numericValue));
    const failed = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    return {
      finalUrl: lhr.finalDisplayedUrl,
      performance: score(lhr.categories.performance?.score),
      accessibility: score(lhr.categories.accessibility?.score),
      fcpMs: metric('first-contentful-paint'),
      lcpMs: metric('largest-contentful-paint'),
      tbtMs: metric('total-blocking-time'),
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
      speedIndexMs: metric('speed-index'),
      failedAudits: failed,
    };
  } finally {
    await page.browserContext().close();
  }
}

async function firstMapData(browser: Browser, session: LoginSession, url: string): Promise<number> {
  const page = await signedInPage(browser, session);
  try {
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction((mark: string) => performance.getEntriesByName(mark).length > 0, { timeout: 30_000 }, FIRST_MAP_DATA_MARK);
    return await page.evaluate((mark: string) => Math.round(performance.getEntriesByName(mark)[0]!.startTime), FIRST_MAP_DATA_MARK);
  } finally {
    await page.browserContext().close();
  }
}

async function main() {
  ensureConsoleBuilt();
  const server = await startServer();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const loginResponse = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: server.demoPassword }),
    });
    const login = (await loginResponse.json()) as LoginSession;
    const session: LoginSession = { token: login.token, expiresAt: login.expiresAt, mustChangePassword: false, mustEnrollTotp: false };
    await waitForSimulator(server.baseUrl, await apiLogin(server.baseUrl, 'operator', server.demoPassword));
    const overview = `${server.baseUrl}/overview`;

    // A warm-up load, so that the figures do not include the server's first compile of anything.
    await firstMapData(browser, session, overview);

    const firstData: number[] = [];
    for (let i = 0; i < Math.max(RUNS, 5); i++) firstData.push(await firstMapData(browser, session, overview));
    console.log(`first data on the map (ms): ${firstData.join(', ')}`);

    const desktop = [];
    const mobile = [];
    for (let i = 0; i < RUNS; i++) {
      desktop.push(await audit(browser, session, overview, desktopConfig, ['performance']));
      mobile.push(await audit(browser, session, overview, undefined, ['performance']));
      console.log(`overview run ${i + 1}: desktop ${desktop.at(-1)?.performance}, mobile ${mobile.at(-1)?.performance}`);
    }
    for (const run of desktop) console.log('desktop', JSON.stringify(run));
    for (const run of mobile) console.log('mobile ', JSON.stringify(run));

    const accessibility: Record<string, number | null> = {};
    for (const path of PAGES) {
      const result = await audit(browser, session, `${server.baseUrl}${path}`, desktopConfig, ['accessibility']);
      accessibility[path] = result.accessibility;
      console.log(`accessibility ${path} → ${result.finalUrl}: ${result.accessibility} ${result.failedAudits.length ? `(failed: ${result.failedAudits.join(', ')})` : ''}`);
    }

    const desktopScore = median(desktop.map((r) => r.performance ?? 0));
    const mobileScore = median(mobile.map((r) => r.performance ?? 0));
    const minAccessibility = Math.min(...Object.values(accessibility).map((v) => v ?? 0));
    const firstDataMedian = median(firstData);
    const figures = {
      bench: 'console',
      lighthouse: '12',
      runs: RUNS,
      overviewPerformanceDesktop: desktopScore,
      overviewPerformanceMobile: mobileScore,
      overviewLcpMsDesktop: median(desktop.map((r) => r.lcpMs ?? 0)),
      overviewTbtMsDesktop: median(desktop.map((r) => r.tbtMs ?? 0)),
      overviewLcpMsMobile: median(mobile.map((r) => r.lcpMs ?? 0)),
      minAccessibility,
      accessibility,
      firstMapDataMsMedian: firstDataMedian,
      firstMapDataMsMax: Math.max(...firstData),
      targets: { performance: 90, accessibility: 90, firstMapDataMs: 2000 },
      met: desktopScore >= 90 && minAccessibility >= 90 && Math.max(...firstData) <= 2000,
    };
    console.log(JSON.stringify(figures));
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
