import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.js';

export interface Migration {
  module: string;
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_name.sql` files of one module's migration folder, in version order. */
export function readMigrations(module: string, dir: URL | string): Migration[] {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return readdirSync(path)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const m = FILE.exec(f);
      if (!m) throw new Error(`Migration file ${module}/${f} must be named NNNN_snake_name.sql`);
      return { module, version: Number(m[1]), name: m[2]!, sql: readFileSync(`${path}/${f}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/** Fixed key for the advisory lock that keeps two processes from migrating at once. */
const LOCK_KEY = 727_001;

/**
 * Applies pending migrations, each in its own transaction, in the order the modules are given.
 * A changed file that was already applied stops the start: history is never rewritten silently.
 * Returns the migrations applied now.
 */
export async function runMigrations(db: Db, migrations: Migration[]): Promise<Migration[]> {
  await ensureMigrationsTable(db);
  const applied: Migration[] = [];
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const done = await tx.query<{ module: string; version: number; checksum: string }>(
      'select module, version, checksum from public.zc_migrations',
    );
    const seen = new Map(done.map((r) => [`${r.module}:${r.version}`, r.checksum]));
    for (const m of migrations) {
      const prior = seen.get(`${m.module}:${m.version}`);
      if (prior !== undefined) {
        if (prior !== checksum(m.sql)) {
          throw new Error(`Migration ${m.module}/${String(m.version).padStart(4, '0')}_${m.name} changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('insert into public.zc_migrations (module, version, name, checksum) values ($1, $2, $3, $4)', [
        m.module, m.version, m.name, checksum(m.sql),
      ]);
      applied.push(m);
    }
  });
  return applied;
}

async function ensureMigrationsTable(db: Db) {
  // Checked first: an application role without CREATE on the schema may still read the table.
  const [r] = await db.query<{ t: string | null }>("select to_regclass('public.zc_migrations')::text as t");
  if (r?.t) return;
  await db.exec(`create table if not exists public.zc_migrations (
    module text not null, version int not null, name text not null, checksum text not null,
    applied_at timestamptz not null default now(), primary key (module, version))`);
}

/** Migrations not yet applied (for a process whose role may not migrate: ZC_MIGRATE=off). */
export async function pendingMigrations(db: Db, migrations: Migration[]): Promise<Migration[]> {
  const [r] = await db.query<{ t: string | null }>("select to_regclass('public.zc_migrations')::text as t");
  if (!r?.t) return migrations;
  const done = await db.query<{ module: string; version: number }>('select module, version from public.zc_migrations');
  const seen = new Set(done.map((d) => `${d.module}:${d.version}`));
  return migrations.filter((m) => !seen.has(`${m.module}:${m.version}`));
}
