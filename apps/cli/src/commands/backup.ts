import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dumpPgliteDataDir, loadConfig, loadPgliteDataDir, lockDataDir, openPgliteDb, pgliteDir } from '@zhicheng/kernel';
import { CliError } from '../run-command.js';

/**
 * Backups in each engine's native, complete format: the embedded database as a gzip tarball
 * of its data directory (PGlite's own dump), a real PostgreSQL as a pg_dump custom archive.
 * The embedded server must be stopped (the data-folder lock enforces it); PostgreSQL can be
 * backed up live.
 */
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export async function backup(opts: { out?: string }): Promise<void> {
  const config = loadConfig(process.env);
  if (config.DATABASE_URL) {
    const out = resolve(opts.out ?? `zhicheng-backup-${stamp()}.pgdump`);
    pgTool('pg_dump', ['--format=custom', '--no-owner', `--file=${out}`, `--dbname=${config.DATABASE_URL}`]);
    console.log(`Backup written: ${out} (${statSync(out).size} bytes, pg_dump custom format)`);
    return;
  }
  const dir = pgliteDir(config);
  if (!existsSync(dir)) throw new CliError(`There is no embedded database in ${dir} to back up (ZC_DATA_DIR).`);
  const unlock = lockDataDir(resolve(config.ZC_DATA_DIR));
  try {
    const archive = await dumpPgliteDataDir(dir);
    const out = resolve(opts.out ?? `zhicheng-backup-${stamp()}.tar.gz`);
    writeFileSync(out, archive);
    console.log(`Backup written: ${out} (${archive.byteLength} bytes, embedded data directory)`);
  } finally {
    unlock();
  }
}

export async function restore(file: string): Promise<void> {
  const config = loadConfig(process.env);
  if (!existsSync(file)) throw new CliError(`No backup file at ${file}.`);
  const head = readFileSync(file).subarray(0, 5);
  const isPgDump = head.toString('latin1') === 'PGDMP';
  const isGzip = head[0] === 0x1f && head[1] === 0x8b;
  if (config.DATABASE_URL) {
    if (!isPgDump) throw new CliError(`${file} is not a pg_dump archive; an embedded-mode backup restores only without DATABASE_URL.`);
    restorePostgres(config.DATABASE_URL, file);
    console.log(`Restored ${file} into ${new URL(config.DATABASE_URL).pathname.slice(1)}.`);
    return;
  }
  if (!isGzip) throw new CliError(`${file} is not an embedded-mode backup; a pg_dump archive restores only with DATABASE_URL set.`);
  const unlock = lockDataDir(resolve(config.ZC_DATA_DIR));
  const dir = pgliteDir(config);
  const aside = existsSync(dir) ? `${dir}.before-restore-${stamp()}` : null;
  try {
    if (aside) renameSync(dir, aside);
    await loadPgliteDataDir(dir, readFileSync(file));
    const db = await openPgliteDb(dir);
    await db.query('select count(*) from public.zc_migrations');
    await db.close();
    console.log(`Restored ${file}.${aside ? ` The previous database was kept in ${aside}.` : ''}`);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if (aside) renameSync(aside, dir);
    throw new CliError(`Restore failed, the database is unchanged: ${(err as Error).message}`);
  } finally {
    unlock();
  }
}

/**
 * One transaction: drop the platform's schemas, then replay the dump as SQL. `pg_restore
 * --clean` cannot drop partitioned tables' inherited constraints, and dropping first in the
 * same transaction means a failed restore leaves the database as it was.
 */
function restorePostgres(url: string, file: string) {
  const dir = mkdtempSync(join(tmpdir(), 'zc-restore-'));
  try {
    const script = join(dir, 'restore.sql');
    pgTool('pg_restore', ['--no-owner', `--file=${script}`, file]);
    const schemas = spawnSync('psql', ['-X', '-At', '-d', url, '-c', "select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname not in ('information_schema', 'public')"], { encoding: 'utf8' });
    if (schemas.status !== 0) throw new CliError(`psql failed: ${schemas.stderr.trim()}`);
    const drops = schemas.stdout.split('\n').filter(Boolean).map((s) => `drop schema if exists "${s.replace(/"/g, '""')}" cascade;`);
    const pre = join(dir, 'drop.sql');
    writeFileSync(pre, [...drops, 'drop table if exists public.zc_migrations cascade;', ''].join('\n'));
    pgTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', url, '-f', pre, '-f', script]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pgTool(tool: string, args: string[]) {
  const r = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new CliError(`${tool} is not installed; install the PostgreSQL client tools of your server's version (Debian: postgresql-client-15).`);
  }
  if (r.status !== 0) throw new CliError(`${tool} failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
}
