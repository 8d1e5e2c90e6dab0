import type { Locator, Page } from 'playwright-core';

export class SessionsAdminPage {
  readonly table: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('sessions-table');
    this.rows = page.locator('[data-testid="sessions-table"] tbody tr[data-session]');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/sessions`);
    await this.rows.first().waitFor();
  }

  rowsOf(username: string): Locator {
    return this.page.locator(`[data-testid="sessions-table"] tbody tr[data-username="${username}"]`);
  }
}
