import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError } from '../run-command.js';

export interface DevicesImportOptions {
  url: string;
  apiKey?: string;
  credentials?: boolean;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `zhicheng devices import <file.csv|xlsx>`: sends the file to a running server's import API,
 * prints progress, then the per-row errors (exit code 1 if any row failed) and, with
 * --credentials, the generated tokens as CSV (they are shown once).
 */
export async function devicesImport(file: string, opts: DevicesImportOptions): Promise<number> {
  const key = opts.apiKey ?? process.env.ZC_BOOTSTRAP_API_KEY;
  if (!key) throw new CliError('Give an API key with devices:manage (--api-key or ZC_BOOTSTRAP_API_KEY).');
  const data = await readFile(file).catch(() => {
    throw new CliError(`Cannot read ${file}.`);
  });
  const type = /\.xlsx$/i.test(file) ? XLSX : 'text/csv';
  const headers = { authorization: `Bearer ${key}` };
  const base = opts.url.replace(/\/$/, '');
  const res = await fetch(`${base}/api/v1/devices/imports?fileName=${encodeURIComponent(basename(file))}`, { method: 'POST', headers: { ...headers, 'content-type': type }, body: data });
  const started = (await res.json()) as { id?: string; detail?: string };
  if (res.status !== 202 || !started.id) throw new CliError(`The server refused the file (${res.status}): ${started.detail ?? ''}`);
  type Job = { status: string; total: number; processed: number; created: number; updated: number; failed: number; errors: { row: number; id: string | null; message: string }[] };
  let job: Job;
  for (;;) {
    job = (await (await fetch(`${base}/api/v1/devices/imports/${started.id}`, { headers })).json()) as Job;
    process.stderr.write(`\r${job.processed}/${job.total} rows (${job.created} created, ${job.updated} updated, ${job.failed} failed)`);
    if (job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write('\n');
  for (const e of job.errors) console.error(`row ${e.row}${e.id ? ` (${e.id})` : ''}: ${e.message}`);
  if (opts.credentials) {
    const c = await fetch(`${base}/api/v1/devices/imports/${started.id}/credentials`, { method: 'POST', headers });
    const body = (await c.json()) as { items?: { id: string; token: string }[]; detail?: string };
    if (!body.items) throw new CliError(`No credentials: ${body.detail ?? c.status}`);
    console.log('id,token');
    for (const i of body.items) console.log(`${i.id},${i.token}`);
  }
  return job.status === 'done' && job.failed === 0 ? 0 : 1;
}
