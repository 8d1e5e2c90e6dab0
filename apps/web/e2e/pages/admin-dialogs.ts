import type { Locator, Page } from 'playwright-core';

/** The dialogs every administration page shares: forms, confirmations, one-time secrets. */
export class AdminDialogs {
  readonly confirm: Locator;
  readonly confirmButton: Locator;
  readonly secret: Locator;
  readonly secretValue: Locator;
  readonly secretDone: Locator;
  readonly formSubmit: Locator;

  constructor(private readonly page: Page) {
    this.confirm = page.getByTestId('confirm-dialog');
    this.confirmButton = page.getByTestId('confirm-button');
    this.secret = page.getByTestId('secret-dialog');
    this.secretValue = page.getByTestId('secret-value');
    this.secretDone = page.getByTestId('secret-done');
    this.formSubmit = page.locator('dialog[open] [data-testid="form-submit"]');
  }

  /** Confirms and waits until the confirmation closes (or is replaced). */
  async accept(): Promise<void> {
    await this.confirmButton.click();
    await this.confirm.waitFor({ state: 'detached' });
  }

  /** Reads the secret shown once. */
  async readSecret(): Promise<string> {
    await this.secret.waitFor();
    return this.secretValue.inputValue();
  }

  async closeSecret(): Promise<void> {
    await this.secretDone.click();
    await this.secret.waitFor({ state: 'detached' });
  }

  problem(): Locator {
    return this.page.locator('dialog[open] [data-testid="problem"]');
  }
}
