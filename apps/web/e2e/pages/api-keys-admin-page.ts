import type { Locator, Page } from 'playwright-core';

export class ApiKeysAdminPage {
  readonly table: Locator;
  readonly createButton: Locator;
  readonly form: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('api-keys-table');
    this.createButton = page.getByTestId('api-key-create');
    this.form = page.getByTestId('api-key-form');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/api-keys`);
    await this.table.waitFor();
    await this.page.waitForFunction(() => document.querySelector('[data-testid="api-keys-table"]')?.getAttribute('aria-busy') === 'false');
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="api-keys-table"] tbody tr[data-key-name="${name}"]`);
  }

  async fillCreate(name: string, department: string, permissions: string[], divisionCode: string): Promise<void> {
    await this.createButton.click();
    await this.form.waitFor();
    await this.form.locator('input[name="name"]').fill(name);
    const select = this.form.getByTestId('api-key-department');
    const value = await select.locator('option', { hasText: department }).first().getAttribute('value');
    await select.selectOption(value ?? '');
    await this.form.getByTestId('api-key-division').selectOption(divisionCode);
    for (const key of permissions) await this.form.locator(`input[name="permissions"][value="${key}"]`).check();
  }
}
