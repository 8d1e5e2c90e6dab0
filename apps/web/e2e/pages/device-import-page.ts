import type { Download, Locator, Page } from 'playwright-core';

/** `/devices/import`: the file form, the job's progress, its row errors and the credentials once. */
export class DeviceImportPage {
  readonly root: Locator;
  readonly file: Locator;
  readonly start: Locator;
  readonly template: Locator;
  readonly job: Locator;
  readonly progress: Locator;
  readonly errorsTable: Locator;
  readonly errorRows: Locator;
  readonly takeCredentials: Locator;
  readonly credentialsTaken: Locator;
  readonly devicesLink: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('device-import-page');
    this.file = page.getByTestId('import-file');
    this.start = page.getByTestId('import-start');
    this.template = page.getByTestId('import-template');
    this.job = page.getByTestId('import-job');
    this.progress = page.getByTestId('import-progress');
    this.errorsTable = page.getByTestId('import-errors-table');
    this.errorRows = page.locator('[data-testid="import-errors-table"] tbody tr');
    this.takeCredentials = page.getByTestId('import-credentials-take');
    this.credentialsTaken = page.getByTestId('import-credentials-taken');
    this.devicesLink = page.getByTestId('import-devices-link');
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/devices/import`);
    await this.file.waitFor();
  }

  /** Clicks something that saves a file and answers the file's text. */
  async downloadText(trigger: Locator): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), trigger.click()]);
    return { name: download.suggestedFilename(), text: await readDownload(download) };
  }

  /** Chooses a CSV made of `text` and starts the import; answers the progress values seen, in order. */
  async importCsv(name: string, text: string): Promise<number[]> {
    await this.file.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    await this.start.click();
    await this.progress.waitFor();
    const seen: number[] = [];
    for (let i = 0; i < 300; i++) {
      const value = Number(await this.progress.getAttribute('aria-valuenow'));
      if (seen.at(-1) !== value) seen.push(value);
      if ((await this.job.getAttribute('data-status')) !== 'running') break;
      await this.page.waitForTimeout(100);
    }
    return seen;
  }

  count(key: 'total' | 'created' | 'updated' | 'failed'): Promise<number> {
    return this.page.getByTestId(`import-count-${key}`).getAttribute('data-value').then(Number);
  }
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
