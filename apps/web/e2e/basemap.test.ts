/**
 * The optional city tiles under the map (ZC_MAP_TILE_URL, e.g. Tianditu): a real server with the
 * setting and a local tile server that counts what the console asks of it. Without the setting
 * the console fetches no tiles at all (console.test.ts and operations.test.ts run that way).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, checkBrowser, ensureConsoleBuilt, launchBrowser, startServer } from './harness';
import type { ServerHandle } from './harness';
import { LoginPage } from './pages/login-page';
import { OverviewPage } from './pages/overview-page';

const browserCheck = checkBrowser();
/** A 1×1 green PNG (#3cb371): MapLibre stretches it over the tile. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOw2VwIAAKPAWG7+ZVYAAAAAElFTkSuQmCC', 'base64');

describe.skipIf(!browserCheck.available && !browserCheck.required)('city tiles under the map (ZC_MAP_TILE_URL)', () => {
  let tiles: Server | undefined;
  const requested: string[] = [];
  let server: ServerHandle | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!browserCheck.available) throw new Error(`ZC_REQUIRE_BROWSER=1: ${browserCheck.message}`);
    ensureConsoleBuilt();
    tiles = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(PNG);
    });
    await new Promise<void>((resolve) => tiles!.listen(0, '127.0.0.1', resolve));
    const port = (tiles.address() as AddressInfo).port;
    server = await startServer({
      ZC_MAP_TILE_URL: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
      ZC_MAP_TILE_ATTRIBUTION: '© 测试瓦片',
      ZC_SIMULATOR: 'off',
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  it('says which tiles to use in the public system information', async () => {
    const info = (await (await fetch(`${server!.baseUrl}/api/v1/system/info`)).json()) as { map: { tileUrl: string; tileAttribution: string } };
    expect(info.map.tileUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\{z\}\/\{x\}\/\{y\}\.png$/);
    expect(info.map.tileAttribution).toBe('© 测试瓦片');
  });

  it('draws the tiles under the counties, with their attribution', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const login = new LoginPage(page);
    await login.open(server!.baseUrl);
    await login.signIn('operator', server!.demoPassword);
    await page.waitForURL(/\/overview/);
    const overview = new OverviewPage(page);
    await overview.waitForMap();
    await expect.poll(() => requested.filter((u) => u.endsWith('.png')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    // Zoom 6–8 tiles of the prefecture (around 102°E 27.9°N): x/y of the right area.
    const [z, x] = (requested.find((u) => u.endsWith('.png')) ?? '').split('/').slice(1).map(Number);
    expect(z).toBeGreaterThanOrEqual(5);
    expect(x! / 2 ** z!).toBeGreaterThan(0.7);
    expect(x! / 2 ** z!).toBeLessThan(0.8);
    await page.locator('.maplibregl-ctrl-attrib').waitFor({ state: 'attached' });
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('© 测试瓦片');
    // The county fill lets the tiles through.
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('basemap-tiles-1366.png') });
    await context.close();
  });
});
