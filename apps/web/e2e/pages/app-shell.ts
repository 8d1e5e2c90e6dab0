import type { Locator, Page } from 'playwright-core';

/** The header and navigation around every signed-in page. */
export class AppShell {
  readonly header: Locator;
  readonly nav: Locator;
  readonly main: Locator;
  readonly languageSwitch: Locator;
  readonly themeSwitch: Locator;
  readonly userMenu: Locator;
  readonly logoutButton: Locator;
  readonly cityName: Locator;

  constructor(private readonly page: Page) {
    this.header = page.locator('header.app-header');
    this.nav = page.locator('nav.side-nav');
    this.main = page.locator('main#main-content');
    this.languageSwitch = page.getByTestId('language-switch');
    this.themeSwitch = page.getByTestId('theme-switch');
    this.userMenu = page.getByTestId('user-menu');
    this.logoutButton = page.getByTestId('logout');
    this.cityName = page.getByTestId('city-name');
  }

  navLink(pageId: string): Locator {
    return this.page.getByTestId(`nav-${pageId}`);
  }

  async setLanguage(language: 'zh-CN' | 'en'): Promise<void> {
    await this.languageSwitch.selectOption(language);
    await this.page.waitForFunction((lang) => document.documentElement.lang === lang, language);
  }

  theme(): Promise<string | null> {
    return this.page.evaluate(() => document.documentElement.dataset.theme ?? null);
  }

  async toggleTheme(): Promise<string | null> {
    const before = await this.theme();
    await this.themeSwitch.click();
    await this.page.waitForFunction((previous) => document.documentElement.dataset.theme !== previous, before);
    return this.theme();
  }

  async logout(): Promise<void> {
    await this.userMenu.click();
    await this.logoutButton.click();
    await this.page.waitForURL(/\/login$/);
  }
}
