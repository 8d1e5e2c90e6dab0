import type { Locator, Page } from 'playwright-core';

/** `/dead-letters`: refused messages, their payloads, and replay. */
export class DeadLettersPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly outcome: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('dead-letters-table');
    this.rows = page.locator('[data-testid="dead-letters-table"] tbody tr[data-dead-letter-id]');
    this.outcome = page.getByTestId('dead-letter-outcome');
  }

  async open(baseUrl: string, search = ''): Promise<void> {
    await this.page.goto(`${baseUrl}/dead-letters${search}`);
    await this.table.waitFor();
    await this.settled();
  }

  async settled(): Promise<void> {
    await this.page.waitForFunction(() => {
      const table = document.querySelector('[data-testid="dead-letters-table"]');
      return table?.getAttribute('aria-busy') === 'false' && table.hasAttribute('data-total');
    });
  }

  async total(): Promise<number> {
    return Number(await this.table.getAttribute('data-total'));
  }

  row(id: number): Locator {
    return this.page.locator(`[data-testid="dead-letters-table"] tbody tr[data-dead-letter-id="${id}"]`);
  }

  async reasons(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-reason') ?? ''));
  }

  async filterByReason(code: string): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/v1/dead-letters?') && r.url().includes(`reason=${code}`));
    await this.page.getByTestId('dead-letter-filter-reason').selectOption(code);
    await answered;
    await this.settled();
  }

  /** Shows the whole payload of one letter and returns it. */
  async expand(id: number): Promise<string> {
    await this.row(id).getByTestId('dead-letter-expand').click();
    const payload = this.page.locator(`#dead-letter-${id}-detail [data-testid="dead-letter-payload"]`);
    await payload.waitFor();
    return (await payload.textContent()) ?? '';
  }

  /** Replay → confirm; returns the outcome the page reports (`stored` or `failed`). */
  async replay(id: number): Promise<string> {
    const answered = this.page.waitForResponse((r) => r.url().includes(`/api/v1/dead-letters/${id}/replay`));
    await this.row(id).getByTestId('dead-letter-replay').click();
    await this.page.getByTestId('confirm-dialog').waitFor();
    await this.page.getByTestId('confirm-button').click();
    await answered;
    await this.page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await this.outcome.waitFor();
    await this.settled();
    return (await this.outcome.getAttribute('data-result')) ?? '';
  }

  replayState(id: number): Locator {
    return this.row(id).getByTestId('dead-letter-replay-state');
  }
}
