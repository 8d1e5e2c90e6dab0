import type { Page } from 'playwright-core';
import { totpCode } from '../totp';
import { LoginPage } from './login-page';

/**
 * Signs an administrator in; on the first sign-in the console asks for TOTP enrolment,
 * which this completes with a code computed from the shown secret (as an app would).
 * Returns the secret when it enrolled one.
 */
export async function signInAdministrator(page: Page, baseUrl: string, username: string, password: string): Promise<string | null> {
  const login = new LoginPage(page);
  await login.open(baseUrl);
  await login.signIn(username, password);
  await page.waitForURL(/\/(enroll-totp|overview)$/);
  if (!page.url().endsWith('/enroll-totp')) return null;
  await page.getByTestId('totp-start').click();
  const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
  await page.locator('input[name="code"]').fill(totpCode(secret));
  await page.getByTestId('totp-confirm').click();
  await page.waitForURL(/\/overview$/);
  return secret;
}
