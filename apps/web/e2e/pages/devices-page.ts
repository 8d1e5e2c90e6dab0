import type { Locator, Page } from 'playwright-core';

/** `/devices`: the registry table, its filters and the detail drawer. */
export class DevicesPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly drawer: Locator;
  readonly attributes: Locator;
  readonly rotateButton: Locator;
  readonly entityLink: Locator;
  readonly deadLettersLink: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('devices-table');
    this.rows = page.locator('[data-testid="devices-table"] tbody tr[data-device-id]');
    this.drawer = page.getByTestId('device-detail');
    this.attributes = page.getByTestId('device-attributes');
    this.rotateButton = page.getByTestId('device-rotate');
    this.entityLink = page.getByTestId('device-entity-link');
    this.deadLettersLink = page.getByTestId('device-dead-letters-link');
  }

  async open(baseUrl: string, search = ''): Promise<void> {
    await this.page.goto(`${baseUrl}/devices${search}`);
    await this.table.waitFor();
    await this.settled();
  }

  /** The table has its answer (and at least one row, or its empty line). */
  async settled(): Promise<void> {
    await this.page.waitForFunction(() => {
      const table = document.querySelector('[data-testid="devices-table"]');
      return table?.getAttribute('aria-busy') === 'false' && table.hasAttribute('data-total');
    });
  }

  async total(): Promise<number> {
    return Number(await this.table.getAttribute('data-total'));
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="devices-table"] tbody tr[data-device-id="${id}"]`);
  }

  async ids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-device-id') ?? ''));
  }

  async divisions(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-division') ?? ''));
  }

  /** Chooses a filter option and waits for the list the server answers for it. */
  private async filter(testId: string, param: string, value: string): Promise<void> {
    const answered = this.page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/v1/devices' && (url.searchParams.get(param) ?? '') === value;
    });
    await this.page.getByTestId(testId).selectOption(value);
    await answered;
    await this.settled();
  }

  filterByCounty(code: string): Promise<void> {
    return this.filter('device-filter-county', 'division', code);
  }

  filterByStatus(status: string): Promise<void> {
    return this.filter('device-filter-status', 'status', status);
  }

  filterByProfile(profile: string): Promise<void> {
    return this.filter('device-filter-profile', 'profile', profile);
  }

  async search(text: string): Promise<void> {
    const answered = this.page.waitForResponse((r) => {
      const url = new URL(r.url());
      return url.pathname === '/api/v1/devices' && (url.searchParams.get('q') ?? '') === text;
    });
    await this.page.getByTestId('device-search').fill(text);
    await answered;
    await this.settled();
  }

  /** Opens a device's drawer and waits for its facts. */
  async openDetail(id: string): Promise<void> {
    await this.row(id).getByTestId('device-open').click();
    await this.drawer.waitFor();
    await this.attributes.waitFor();
  }

  /** Rotate → confirm; the secret dialog follows (read it with AdminDialogs.readSecret). */
  async rotate(): Promise<void> {
    await this.rotateButton.click();
    await this.page.getByTestId('confirm-dialog').waitFor();
    await this.page.getByTestId('confirm-button').click();
  }

  async closeDrawer(): Promise<void> {
    await this.drawer.getByRole('button', { name: /关闭|Close/ }).first().click();
    await this.drawer.waitFor({ state: 'detached' });
  }
}
