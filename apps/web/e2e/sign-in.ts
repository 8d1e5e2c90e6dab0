/**
 * A new browser context signed in through the login page, as the e2e suites need it: the
 * console in a locale at a viewport, in Asia/Shanghai, with its page errors collected.
 */
import type { Browser, Page } from 'playwright-core';
import { LoginPage } from './pages/login-page';

export interface SignInOptions {
  viewport: { width: number; height: number };
  /** Where to go after the landing page (the overview); default: stay there. */
  path?: string;
  locale?: string;
  /** Collects uncaught page errors, for a suite's final check. */
  pageErrors?: string[];
}

export async function signedInPage(browser: Browser | undefined, baseUrl: string, username: string, password: string, opts: SignInOptions): Promise<Page> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ viewport: opts.viewport, locale: opts.locale ?? 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  if (opts.pageErrors) page.on('pageerror', (error) => opts.pageErrors!.push(error.message));
  const login = new LoginPage(page);
  await login.open(baseUrl);
  await login.signIn(username, password);
  await page.waitForURL(/\/overview/);
  if (opts.path && opts.path !== '/overview') await page.goto(`${baseUrl}${opts.path}`);
  return page;
}
