import type { Locator, Page } from 'playwright-core';

export interface MapStatus {
  state: string | null;
  countyFeatures: number;
  canvas: boolean;
  labels: number;
}

export class OverviewPage {
  readonly map: Locator;
  readonly canvas: Locator;
  readonly labels: Locator;
  readonly panel: Locator;
  readonly panelTitle: Locator;
  readonly townships: Locator;

  constructor(private readonly page: Page) {
    this.map = page.getByTestId('county-map');
    this.canvas = page.locator('[data-testid="county-map"] canvas.maplibregl-canvas');
    this.labels = page.locator('.county-label');
    this.panel = page.getByTestId('county-panel');
    this.panelTitle = page.getByTestId('county-panel-title');
    this.townships = page.locator('[data-testid="township-list"] li');
  }

  /** Waits until maplibre has loaded the county source and rendered it once. */
  async waitForMap(timeout = 60_000): Promise<void> {
    await this.page.waitForSelector('[data-testid="county-map"][data-map-state="ready"]', { timeout });
  }

  async status(): Promise<MapStatus> {
    const map = await this.map.elementHandle();
    if (!map) return { state: null, countyFeatures: 0, canvas: false, labels: 0 };
    return map.evaluate((element) => ({
      state: element.getAttribute('data-map-state'),
      countyFeatures: Number(element.getAttribute('data-county-features') ?? '0'),
      canvas: element.querySelector('canvas.maplibregl-canvas') !== null,
      labels: element.querySelectorAll('.county-label').length,
    }));
  }

  label(name: string): Locator {
    return this.labels.filter({ hasText: name });
  }

  async selectCounty(name: string): Promise<void> {
    await this.label(name).click();
    await this.panelTitle.filter({ hasText: name }).waitFor();
    await this.townships.first().waitFor();
  }

  /** Lets the fly-to animation finish before a screenshot. */
  async settle(): Promise<void> {
    await this.page.waitForTimeout(900);
  }
}

/** The overview's thematic layers, the point panel, the alarm ticker and the demo control. */
export class OverviewLayers {
  readonly root: Locator;
  readonly panel: Locator;
  readonly entityPanel: Locator;
  readonly ticker: Locator;
  readonly demo: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('overview');
    this.panel = page.getByTestId('layer-panel');
    this.entityPanel = page.getByTestId('entity-panel');
    this.ticker = page.getByTestId('alarm-ticker');
    this.demo = page.getByTestId('demo-control');
  }

  async waitForPoints(timeout = 60_000): Promise<void> {
    await this.page.waitForSelector('[data-testid="overview"][data-points-state="ready"]', { timeout });
  }

  async count(layer: string): Promise<number> {
    return Number((await this.panel.locator(`[data-layer="${layer}"]`).getAttribute('data-count')) ?? '0');
  }

  async isOn(layer: string): Promise<boolean> {
    return (await this.panel.locator(`[data-layer="${layer}"]`).getAttribute('data-visible')) === 'true';
  }

  toggle(layer: string): Locator {
    return this.panel.locator(`#layer-toggle-${layer}`);
  }

  async divisions(): Promise<string[]> {
    const value = (await this.root.getAttribute('data-point-divisions')) ?? '';
    return value === '' ? [] : value.split(',');
  }

  async startScenario(name: string): Promise<void> {
    await this.page.waitForSelector('[data-testid="demo-control"][data-state="running"]', { timeout: 90_000 });
    await this.demo.locator('select').selectOption(name);
    await this.demo.getByRole('button').click();
    await this.demo.getByTestId('demo-active').waitFor();
  }
}
