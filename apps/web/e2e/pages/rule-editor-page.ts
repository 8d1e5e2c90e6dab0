import type { Locator, Page } from 'playwright-core';

/** The rule editor (/rules/new, /rules/:id): form and JSON tabs, live preview, versions. */
export class RuleEditorPage {
  readonly root: Locator;
  readonly name: Locator;
  readonly kind: Locator;
  readonly severity: Locator;
  readonly entityType: Locator;
  readonly attribute: Locator;
  readonly op: Locator;
  readonly value: Locator;
  readonly hysteresis: Locator;
  readonly save: Locator;
  readonly saveNotice: Locator;
  readonly saveError: Locator;
  readonly readOnlyNotice: Locator;
  readonly preview: Locator;
  readonly previewTable: Locator;
  readonly previewChart: Locator;
  readonly jsonText: Locator;
  readonly versionsTable: Locator;
  readonly versionDialog: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('rule-editor');
    this.name = page.getByTestId('rule-name');
    this.kind = page.getByTestId('rule-kind');
    this.severity = page.getByTestId('rule-severity');
    this.entityType = page.getByTestId('rule-entity-type');
    this.attribute = page.getByTestId('condition-attribute');
    this.op = page.getByTestId('condition-op');
    this.value = page.getByTestId('condition-value');
    this.hysteresis = page.getByTestId('condition-hysteresis');
    this.save = page.getByTestId('rule-save');
    this.saveNotice = page.getByTestId('save-notice');
    this.saveError = page.getByTestId('save-error');
    this.readOnlyNotice = page.getByTestId('read-only-notice');
    this.preview = page.getByTestId('preview-panel');
    this.previewTable = page.getByTestId('preview-table');
    this.previewChart = page.getByTestId('preview-chart');
    this.jsonText = page.getByTestId('rule-json-text');
    this.versionsTable = page.getByTestId('versions-table');
    this.versionDialog = page.getByTestId('version-dialog');
  }

  async open(baseUrl: string, ruleId: string): Promise<void> {
    await this.page.goto(`${baseUrl}/rules/${encodeURIComponent(ruleId)}`);
    await this.waitLoaded();
  }

  async waitLoaded(): Promise<void> {
    await this.page.getByTestId('rule-form').waitFor();
  }

  tab(id: 'form' | 'json' | 'versions'): Locator {
    return this.page.getByTestId(`tab-${id}`);
  }

  /** The error the server (or the preview's check) put beside a form field. */
  fieldError(control: Locator): Locator {
    return control.locator('xpath=ancestor::div[contains(@class,"field")][1]').getByTestId('field-error');
  }

  /**
   * Waits until the preview has run for the draft as it is now (the request is debounced
   * and the last one wins), and answers how many alarms it would have raised.
   */
  async previewCount(timeout = 30_000): Promise<number> {
    await this.page.waitForSelector('[data-testid="preview-panel"][data-state="ready"]', { timeout });
    return Number(await this.preview.getAttribute('data-count'));
  }

  /** The preview's state after the draft changed: waits out the debounce first. */
  async previewSettled(): Promise<string> {
    await this.page.waitForTimeout(700);
    await this.page.waitForSelector('[data-testid="preview-panel"]:not([data-state="loading"])', { timeout: 30_000 });
    return (await this.preview.getAttribute('data-state')) ?? '';
  }

  /** The preview's count once it has run for the draft as it is now; -1 when it failed. */
  async settledCount(): Promise<number> {
    const state = await this.previewSettled();
    return state === 'ready' ? Number(await this.preview.getAttribute('data-count')) : -1;
  }

  /**
   * The preview's count, run again while it finds nothing: fresh readings arrive every minute
   * and the preview only re-runs by itself when the draft changes.
   */
  async countWhenHits(): Promise<number> {
    const count = await this.settledCount();
    if (count <= 0) await this.page.getByTestId('preview-refresh').click();
    return count;
  }

  async setThreshold(value: string): Promise<void> {
    await this.value.fill(value);
  }

  async saveVersion(): Promise<void> {
    await this.save.click();
    await this.saveNotice.waitFor();
  }

  versionRow(version: number): Locator {
    return this.page.locator(`[data-testid="versions-table"] tbody tr[data-version="${version}"]`);
  }

  async versionNumbers(): Promise<number[]> {
    await this.page.waitForSelector('[data-testid="versions-table"][aria-busy="false"]');
    return this.page.locator('[data-testid="versions-table"] tbody tr[data-version]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-version'))));
  }
}
