import type { Locator, Page } from 'playwright-core';

/** The entity browser (/entities): type, county and id filters over a server-paged table. */
export class EntitiesPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly type: Locator;
  readonly county: Locator;
  readonly search: Locator;
  readonly pagination: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('entities-page');
    this.table = page.getByTestId('entities-table');
    this.rows = page.locator('[data-testid="entities-table"] tbody tr[data-entity-id]');
    this.type = page.getByTestId('entities-type');
    this.county = page.getByTestId('entities-county');
    this.search = page.getByTestId('entities-search');
    this.pagination = page.getByTestId('pagination');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/entities`);
    await this.waitReady();
  }

  /** The table has answered (not loading) and the type list from the statistics is in. */
  async waitReady(): Promise<void> {
    await this.page.waitForSelector('[data-testid="entities-table"][aria-busy="false"]', { timeout: 30_000 });
    await this.page.waitForFunction(() => document.querySelectorAll('[data-testid="entities-type"] option').length > 1, undefined, { timeout: 30_000 });
  }

  /** Chooses an option; the caller polls the rows (the reload follows the address change). */
  async filter(select: Locator, value: string): Promise<void> {
    await select.selectOption(value);
    await this.page.waitForURL((url) => url.searchParams.has('type') || url.searchParams.has('county'));
    await this.waitReady();
  }

  async attribute(name: 'data-entity-type' | 'data-division' | 'data-entity-id'): Promise<string[]> {
    return this.rows.evaluateAll((rows, attr) => rows.map((row) => row.getAttribute(attr) ?? ''), name);
  }

  /** "第 1–20 条，共 44 条": the total. */
  async total(): Promise<number> {
    const text = (await this.pagination.locator('.pagination__range').textContent()) ?? '';
    const numbers = text.match(/\d+/g) ?? [];
    return Number(numbers[numbers.length - 1] ?? '0');
  }
}
