import type { Locator, Page } from 'playwright-core';

export class UsersAdminPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly createButton: Locator;
  readonly form: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('users-table');
    this.rows = page.locator('[data-testid="users-table"] tbody tr[data-username]');
    this.createButton = page.getByTestId('user-create');
    this.form = page.getByTestId('user-form');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/users`);
    await this.rows.first().waitFor();
  }

  row(username: string): Locator {
    return this.page.locator(`[data-testid="users-table"] tbody tr[data-username="${username}"]`);
  }

  async usernames(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-username') ?? ''));
  }

  /** Fills the new-user form; the department is chosen by its visible name. */
  async fillCreate(username: string, displayName: string, department: string): Promise<void> {
    await this.createButton.click();
    await this.form.waitFor();
    await this.form.locator('input[name="username"]').fill(username);
    await this.form.locator('input[name="displayName"]').fill(displayName);
    const select = this.form.getByTestId('user-form-department');
    const value = await select.locator('option', { hasText: department }).first().getAttribute('value');
    await select.selectOption(value ?? '');
  }

  /** Filters by a division and waits for the list to answer. */
  async filterByDivision(code: string): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/v1/users') && r.url().includes(`division=${code}`));
    await this.page.getByTestId('user-filter-division').selectOption(code);
    await answered;
    await this.page.waitForFunction(() => document.querySelector('[data-testid="users-table"]')?.getAttribute('aria-busy') === 'false');
  }
}
