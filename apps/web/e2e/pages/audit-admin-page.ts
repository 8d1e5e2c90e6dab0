import type { Locator, Page } from 'playwright-core';

export class AuditAdminPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly filters: Locator;
  readonly verifyButton: Locator;
  readonly verifyResult: Locator;
  readonly detail: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('audit-table');
    this.rows = page.locator('[data-testid="audit-table"] tbody tr[data-action]');
    this.filters = page.getByTestId('audit-filters');
    this.verifyButton = page.getByTestId('audit-verify');
    this.verifyResult = page.getByTestId('audit-verify-result');
    this.detail = page.getByTestId('audit-detail');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/audit`);
    await this.rows.first().waitFor();
  }

  async filterByAction(action: string): Promise<void> {
    await this.filters.locator('input[name="action"]').fill(action);
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes(`action=${encodeURIComponent(action)}`));
    await this.page.getByTestId('audit-apply').click();
    await answered;
    await this.page.waitForFunction(() => document.querySelector('[data-testid="audit-table"]')?.getAttribute('aria-busy') === 'false');
  }

  async actions(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action') ?? ''));
  }
}
