import type { Locator, Page } from 'playwright-core';

export class SystemPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('health-table');
    this.rows = page.locator('[data-testid="health-table"] tbody tr');
    this.summary = page.getByTestId('health-summary');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/system`);
    await this.table.waitFor();
  }

  row(component: string): Locator {
    return this.page.locator(`[data-testid="health-table"] tbody tr[data-component="${component}"]`);
  }
}
