import type { Locator, Page } from 'playwright-core';

/** `/devices/provisioning-keys`: the key list, the create form and revocation. */
export class ProvisioningKeysPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly createButton: Locator;
  readonly form: Locator;
  readonly includeRevoked: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('provisioning-keys-page');
    this.table = page.getByTestId('keys-table');
    this.createButton = page.getByTestId('key-create');
    this.form = page.getByTestId('key-form');
    this.includeRevoked = page.getByTestId('keys-include-revoked');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/devices/provisioning-keys`);
    await this.settled();
  }

  async settled(): Promise<void> {
    await this.page.waitForFunction(() => {
      const table = document.querySelector('[data-testid="keys-table"]');
      return table?.getAttribute('aria-busy') === 'false' && table.hasAttribute('data-total');
    });
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="keys-table"] tbody tr[data-key-id="${id}"]`);
  }

  /** Fills the create form and submits it; the secret dialog follows. */
  async create(values: { name: string; profileId: string; division: string; maxDevices: string; days: string }): Promise<void> {
    await this.createButton.click();
    await this.form.waitFor();
    await this.page.getByTestId('key-name').fill(values.name);
    await this.page.getByTestId('key-profile').selectOption(values.profileId);
    await this.page.getByTestId('key-division').selectOption(values.division);
    await this.page.getByTestId('key-max-devices').fill(values.maxDevices);
    await this.page.getByTestId('key-days').fill(values.days);
  }

  async submit(): Promise<void> {
    await this.page.locator('dialog[open] [data-testid="form-submit"]').click();
  }
}
