import type { Locator, Page } from 'playwright-core';

export class RolesAdminPage {
  readonly table: Locator;
  readonly createButton: Locator;
  readonly form: Locator;
  readonly assignments: Locator;
  readonly assignmentRows: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('roles-table');
    this.createButton = page.getByTestId('role-create');
    this.form = page.getByTestId('role-form');
    this.assignments = page.getByTestId('assignments-panel');
    this.assignmentRows = page.locator('[data-testid="assignments-table"] tbody tr[data-role]');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/admin/roles`);
    await this.page.locator('[data-testid="roles-table"] tbody tr[data-role]').first().waitFor();
  }

  row(roleId: string): Locator {
    return this.page.locator(`[data-testid="roles-table"] tbody tr[data-role="${roleId}"]`);
  }

  /** Opens the new-role form with these permissions ticked. */
  async fillRole(id: string, nameZh: string, nameEn: string, permissions: string[]): Promise<void> {
    await this.createButton.click();
    await this.form.waitFor();
    await this.form.locator('input[name="id"]').fill(id);
    await this.form.locator('input[name="nameZh"]').fill(nameZh);
    await this.form.locator('input[name="nameEn"]').fill(nameEn);
    for (const key of permissions) await this.form.locator(`input[name="permissions"][value="${key}"]`).check();
  }

  async showAssignmentsOf(search: string): Promise<void> {
    await this.page.getByTestId('tab-assignments').click();
    await this.assignments.waitFor();
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/v1/users') && r.url().includes(`q=${encodeURIComponent(search)}`));
    await this.page.getByTestId('user-picker-search').fill(search);
    await answered;
    const select = this.page.getByTestId('user-picker-select');
    const value = await select.locator('option', { hasText: `(${search})` }).first().getAttribute('value');
    await select.selectOption(value ?? '');
    await this.page.getByTestId('assignments-table').waitFor();
  }

  /** Assigns `roleId` with a division scope (the county's code). */
  async assign(roleId: string, divisionCode: string): Promise<void> {
    await this.page.getByTestId('assignment-create').click();
    const form = this.page.getByTestId('assign-form');
    await form.waitFor();
    await form.getByTestId('assign-role').selectOption(roleId);
    await form.getByTestId('assign-division').selectOption(divisionCode);
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });
  }
}
