import type { Locator, Page } from 'playwright-core';

/** The user's notification settings (/settings/notifications) and their inbox tab. */
export class NotificationPreferencesPage {
  readonly root: Locator;
  readonly form: Locator;
  readonly email: Locator;
  readonly phone: Locator;
  readonly language: Locator;
  readonly quiet: Locator;
  readonly quietFrom: Locator;
  readonly quietTo: Locator;
  readonly escalation: Locator;
  readonly maxPerHour: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly error: Locator;
  readonly inbox: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('notification-preferences-page');
    this.form = page.getByTestId('preferences-form');
    this.email = page.getByTestId('pref-email');
    this.phone = page.getByTestId('pref-phone');
    this.language = page.getByTestId('pref-language');
    this.quiet = page.getByTestId('pref-quiet');
    this.quietFrom = page.getByTestId('pref-quiet-from');
    this.quietTo = page.getByTestId('pref-quiet-to');
    this.escalation = page.getByTestId('pref-escalation');
    this.maxPerHour = page.getByTestId('pref-max-per-hour');
    this.save = page.getByTestId('preferences-save');
    this.saved = page.getByTestId('preferences-saved');
    this.error = page.getByTestId('preferences-error');
    this.inbox = page.getByTestId('notifications-table');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/settings/notifications`);
    await this.form.waitFor();
  }

  channel(severity: 'critical' | 'major' | 'minor' | 'warning', channel: 'console' | 'email' | 'sms'): Locator {
    return this.page.getByTestId(`channel-${severity}-${channel}`);
  }

  async openInbox(): Promise<void> {
    await this.page.getByTestId('tab-inbox').click();
    await this.page.waitForSelector('[data-testid="notifications-table"][aria-busy="false"]');
  }
}
