import type { Locator, Page } from 'playwright-core';

/** The alarm rules list (/rules): the engine's health, filters, the table. */
export class RulesPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly health: Locator;
  readonly newButton: Locator;
  readonly kindFilter: Locator;
  readonly enabledFilter: Locator;
  readonly divisionFilter: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('rules-page');
    this.table = page.getByTestId('rules-table');
    this.rows = page.locator('[data-testid="rules-table"] tbody tr[data-rule-id]');
    this.health = page.getByTestId('rules-health');
    this.newButton = page.getByTestId('rule-new');
    this.kindFilter = page.getByTestId('filter-kind');
    this.enabledFilter = page.getByTestId('filter-enabled');
    this.divisionFilter = page.getByTestId('filter-division');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/rules`);
    await this.waitLoaded();
  }

  /** The table has answered (not busy) for the filters shown. */
  async waitLoaded(): Promise<void> {
    await this.page.waitForSelector('[data-testid="rules-table"][aria-busy="false"]');
  }

  row(ruleId: string): Locator {
    return this.page.locator(`[data-testid="rules-table"] tbody tr[data-rule-id="${ruleId}"]`);
  }

  async ruleIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule-id') ?? ''));
  }

  async openRule(ruleId: string): Promise<void> {
    await this.row(ruleId).getByTestId('rule-link').click();
    await this.page.waitForURL(new RegExp(`/rules/${ruleId}$`));
  }

  toggle(ruleId: string): Locator {
    return this.row(ruleId).getByTestId('rule-toggle');
  }
}
