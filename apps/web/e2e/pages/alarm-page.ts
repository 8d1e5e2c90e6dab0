import type { Locator, Page } from 'playwright-core';

/** The alarm list (/alarms): server-paged rows that reload when the `alarms` topic speaks. */
export class AlarmListPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('alarms-page');
    this.table = page.getByTestId('alarms-table');
    this.rows = page.locator('[data-testid="alarms-table"] tbody tr[data-alarm-id]');
  }

  async waitReady(): Promise<void> {
    await this.page.waitForSelector('[data-testid="alarms-table"][aria-busy="false"]', { timeout: 30_000 });
  }

  /** Rows raised by one rule. */
  rowsOfRule(ruleId: string): Locator {
    return this.page.locator(`[data-testid="alarms-table"] tbody tr[data-rule-id="${ruleId}"]`);
  }

  row(alarmId: string): Locator {
    return this.page.locator(`[data-testid="alarms-table"] tbody tr[data-alarm-id="${alarmId}"]`);
  }

  async open(alarmId: string): Promise<void> {
    await this.row(alarmId).getByTestId('alarm-link').click();
    await this.page.waitForURL(/\/alarms\/alm_/);
  }
}

/** One alarm (/alarms/:id): its facts, its actions and its history timeline. */
export class AlarmDetailPage {
  readonly root: Locator;
  readonly title: Locator;
  readonly state: Locator;
  readonly facts: Locator;
  readonly history: Locator;
  readonly acknowledgeButton: Locator;
  readonly assignButton: Locator;
  readonly clearButton: Locator;
  readonly commentText: Locator;
  readonly commentSubmit: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('alarm-page');
    this.title = page.locator('[data-testid="alarm-page"] h1');
    this.state = page.getByTestId('alarm-state');
    this.facts = page.getByTestId('alarm-facts');
    this.history = page.getByTestId('alarm-history');
    this.acknowledgeButton = page.getByTestId('alarm-acknowledge');
    this.assignButton = page.getByTestId('alarm-assign');
    this.clearButton = page.getByTestId('alarm-clear');
    this.commentText = page.getByTestId('comment-text');
    this.commentSubmit = page.getByTestId('comment-submit');
  }

  async waitLoaded(): Promise<void> {
    await this.facts.waitFor({ timeout: 30_000 });
    await this.history.waitFor({ timeout: 30_000 });
  }

  /** The alarm's state code (active_unack…), from the page's data attribute. */
  stateCode(): Promise<string | null> {
    return this.root.getAttribute('data-state');
  }

  async waitForState(state: string, timeout = 15_000): Promise<void> {
    await this.page.waitForSelector(`[data-testid="alarm-page"][data-state="${state}"]`, { timeout });
  }

  /** History actions, newest first (raised, acknowledged, assigned…). */
  async historyActions(): Promise<string[]> {
    return this.history.locator('li[data-action]').evaluateAll((items) => items.map((item) => item.getAttribute('data-action') ?? ''));
  }

  async acknowledge(): Promise<void> {
    await this.acknowledgeButton.click();
    await this.waitForState('active_ack');
  }

  /** Assigns to a colleague found by name in the user directory (no users:read needed). */
  async assignToColleague(name: string): Promise<void> {
    await this.assignButton.click();
    const dialog = this.page.getByTestId('assign-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('assign-other').check();
    await dialog.getByTestId('colleague-picker-search').fill(name);
    const select = dialog.getByTestId('colleague-picker-select');
    const option = select.locator('option', { hasText: name }).first();
    await option.waitFor({ state: 'attached' });
    await select.selectOption({ value: (await option.getAttribute('value')) ?? '' });
    await dialog.getByTestId('assign-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Assigns to the signed-in user, with a comment. */
  async assignToMe(comment: string): Promise<void> {
    await this.assignButton.click();
    const dialog = this.page.getByTestId('assign-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('assign-me').check();
    await dialog.getByTestId('assign-comment').fill(comment);
    await dialog.getByTestId('assign-submit').click();
    await dialog.waitFor({ state: 'detached' });
  }

  async comment(text: string): Promise<void> {
    await this.commentText.fill(text);
    await this.commentSubmit.click();
    await this.history.getByTestId('history-comment').filter({ hasText: text }).waitFor({ timeout: 15_000 });
  }

  async clear(comment: string): Promise<void> {
    await this.clearButton.click();
    const dialog = this.page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('clear-comment').fill(comment);
    await dialog.getByTestId('confirm-button').click();
    await dialog.waitFor({ state: 'detached' });
  }
}
