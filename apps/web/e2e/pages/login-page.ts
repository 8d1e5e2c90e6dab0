import type { Locator, Page } from 'playwright-core';

export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly totp: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.username = page.locator('input[name="username"]');
    this.password = page.locator('input[name="password"]');
    this.totp = page.locator('input[name="totp"]');
    this.submit = page.getByTestId('login-submit');
    this.error = page.getByTestId('form-error');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/login`);
    await this.username.waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  async errorText(): Promise<string> {
    await this.error.waitFor({ state: 'visible' });
    return (await this.error.textContent()) ?? '';
  }
}
