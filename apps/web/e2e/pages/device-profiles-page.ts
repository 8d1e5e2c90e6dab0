import type { Locator, Page } from 'playwright-core';

/** `/devices/profiles`: the profile list. */
export class DeviceProfilesPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly newButton: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('device-profiles-page');
    this.table = page.getByTestId('profiles-table');
    this.rows = page.locator('[data-testid="profiles-table"] tbody tr[data-profile-id]');
    this.newButton = page.getByTestId('profile-new');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/devices/profiles`);
    await this.settled();
  }

  /** The list has its rows and each row its device count. */
  async settled(): Promise<void> {
    await this.page.waitForSelector('[data-testid="profiles-table"][aria-busy="false"] tbody tr[data-profile-id]');
    await this.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="profile-device-count"]')].every((cell) => cell.textContent !== '…'));
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="profiles-table"] tbody tr[data-profile-id="${id}"]`);
  }

  async ids(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-profile-id') ?? ''));
  }
}

/** `/devices/profiles/new` and `/devices/profiles/:id`: the form and the mapping preview. */
export class DeviceProfileEditorPage {
  readonly root: Locator;
  readonly id: Locator;
  readonly name: Locator;
  readonly entityType: Locator;
  readonly protocol: Locator;
  readonly expression: Locator;
  readonly inactivity: Locator;
  readonly save: Locator;
  readonly saveNotice: Locator;
  readonly deleteButton: Locator;
  readonly builtinNotice: Locator;
  readonly readOnlyNotice: Locator;
  readonly preview: Locator;
  readonly payload: Locator;
  readonly previewTable: Locator;
  readonly previewError: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('profile-editor');
    this.id = page.getByTestId('profile-id');
    this.name = page.getByTestId('profile-name');
    this.entityType = page.getByTestId('profile-entity-type');
    this.protocol = page.getByTestId('profile-protocol');
    this.expression = page.getByTestId('profile-expression');
    this.inactivity = page.getByTestId('profile-inactivity');
    this.save = page.getByTestId('profile-save');
    this.saveNotice = page.getByTestId('save-notice');
    this.deleteButton = page.getByTestId('profile-delete');
    this.builtinNotice = page.getByTestId('builtin-notice');
    this.readOnlyNotice = page.getByTestId('read-only-notice');
    this.preview = page.getByTestId('mapping-preview');
    this.payload = page.getByTestId('preview-payload');
    this.previewTable = page.getByTestId('preview-table');
    this.previewError = page.getByTestId('preview-error');
  }

  async open(baseUrl: string, id: string): Promise<void> {
    await this.page.goto(`${baseUrl}/devices/profiles/${encodeURIComponent(id)}`);
    await this.page.getByTestId('profile-form').waitFor();
  }

  /** The error the client or the server put beside a form field. */
  fieldError(control: Locator): Locator {
    return control.locator('xpath=ancestor::div[contains(@class,"field")][1]').getByTestId('field-error');
  }

  /** A row of the attribute table (the last one after `addAttribute`). */
  attribute(index: number): Locator {
    return this.page.locator('[data-testid="profile-attributes"] tbody tr').nth(index);
  }

  async addAttribute(name: string, type: string, unit: string, min: string, max: string): Promise<void> {
    await this.page.getByTestId('attribute-add').click();
    const row = this.page.locator('[data-testid="profile-attributes"] tbody tr').last();
    await row.getByTestId('attribute-name').fill(name);
    await row.getByTestId('attribute-type').selectOption(type);
    await row.getByTestId('attribute-unit').fill(unit);
    await row.getByTestId('attribute-min').fill(min);
    await row.getByTestId('attribute-max').fill(max);
  }

  async removeAllAttributes(): Promise<void> {
    const remove = this.page.locator('[data-testid="profile-attributes"] [data-testid="attribute-remove"]');
    while ((await remove.count()) > 0) await remove.first().click();
  }

  /** Waits out the debounce, then for the preview of the draft as it is now; answers its state. */
  async previewSettled(): Promise<{ state: string; ok: string | null }> {
    await this.page.waitForTimeout(700);
    await this.page.waitForSelector('[data-testid="mapping-preview"]:not([data-state="loading"])', { timeout: 30_000 });
    return { state: (await this.preview.getAttribute('data-state')) ?? '', ok: await this.preview.getAttribute('data-ok') };
  }

  /** The mapped attributes: name → [value, unit]. */
  async mapped(): Promise<Record<string, [string, string]>> {
    return this.previewTable.locator('tbody tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((row) => [
        row.getAttribute('data-attribute') ?? '',
        [row.querySelector('[data-testid="preview-value"]')?.textContent ?? '', row.querySelector('[data-testid="preview-unit"]')?.textContent ?? ''],
      ])),
    );
  }
}
