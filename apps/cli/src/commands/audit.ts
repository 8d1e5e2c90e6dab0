import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { createAuditService, verifyChain, type AuditFilter } from '@zhicheng/audit';
import { loadConfig, openDb, type Db } from '@zhicheng/kernel';
import { CliError } from '../run-command.js';

/** The database alone: the audit commands need neither HTTP nor the other modules (embedded mode: stop the server first). */
async function withDb<T>(fn: (db: Db, config: ReturnType<typeof loadConfig>) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const db = await openDb(config);
  try {
    const [exists] = await db.query<{ t: string | null }>("select to_regclass('audit.records')::text as t");
    if (!exists?.t) throw new CliError('There is no audit log in this database yet; start the platform (or run `zhicheng migrate`) first.');
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

const cliActor = () => ({ kind: 'system' as const, id: null, name: `cli:${userInfo().username}`, departmentId: null });

/** Walks the hash chain; exit code 1 and the first bad record when anything was changed, inserted or deleted. */
export async function auditVerify(): Promise<number> {
  return withDb(async (db) => {
    const r = await verifyChain(db);
    if (r.ok) {
      console.log(`Audit log intact: ${r.checked} record(s) checked${r.headSeq === null ? '' : `; head ${r.headSeq} ${r.headHash}`}.`);
      console.log('Keep the head line somewhere else: a later verify that shows an older head means records were removed from the end.');
      return 0;
    }
    console.error(`Audit log BROKEN at record ${r.firstBad!.seq}: ${r.firstBad!.reason}. ${r.checked} record(s) before it are intact.`);
    return 1;
  });
}

export interface ExportOptions {
  format: string;
  out?: string;
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: string;
}

/** Writes the audit log (oldest first) as CSV or JSON to a file or stdout; the export is itself audited. */
export async function auditExport(opts: ExportOptions): Promise<void> {
  if (opts.format !== 'csv' && opts.format !== 'json') throw new CliError(`--format must be csv or json (got ${opts.format}).`);
  for (const k of ['from', 'to'] as const) {
    if (opts[k] && Number.isNaN(Date.parse(opts[k]!))) throw new CliError(`--${k} must be a date or ISO time (got ${opts[k]}).`);
  }
  if (opts.outcome && !['success', 'failure', 'denied'].includes(opts.outcome)) throw new CliError('--outcome must be success, failure or denied.');
  const filter: AuditFilter = {
    ...(opts.from ? { from: new Date(opts.from).toISOString() } : {}), ...(opts.to ? { to: new Date(opts.to).toISOString() } : {}),
    ...(opts.actor ? { actor: opts.actor } : {}), ...(opts.action ? { action: opts.action } : {}),
    ...(opts.outcome ? { outcome: opts.outcome as AuditFilter['outcome'] } : {}),
  };
  await withDb(async (db, config) => {
    const audit = createAuditService(db, { retentionDays: config.ZC_AUDIT_RETENTION_DAYS });
    await audit.record({ action: 'audit.exported', outcome: 'success', actor: cliActor(), detail: { format: opts.format, filter, via: 'cli', out: opts.out ? resolve(opts.out) : 'stdout' } });
    const sink: NodeJS.WritableStream = opts.out ? createWriteStream(resolve(opts.out)) : process.stdout;
    for await (const chunk of audit.export(filter, opts.format as 'csv' | 'json')) {
      if (!sink.write(chunk)) await once(sink, 'drain');
    }
    if (sink !== process.stdout) {
      sink.end();
      await finished(sink);
      console.error(`Audit log written to ${resolve(opts.out!)}.`);
    }
  });
}

