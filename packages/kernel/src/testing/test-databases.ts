import { randomBytes } from 'node:crypto';
import { openPgliteDb } from '../db/pglite-db.js';
import { openPostgresDb, rawPostgres } from '../db/postgres-db.js';
import type { Db } from '../db/types.js';

export type Engine = 'pglite' | 'postgres';

export interface ScratchDb {
  engine: Engine;
  db: Db;
  /** URL of the scratch database (postgres only), for code that opens its own connections. */
  url: string | null;
  /** Closes the connection and drops the scratch database. */
  dispose(): Promise<void>;
}

/** The engines a test run covers: PGlite always, PostgreSQL too when DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh, empty database of one engine: in-memory PGlite, or a new PostgreSQL database
 * created next to DATABASE_URL's, so concurrent test files and runs never see each other.
 */
export async function openScratchDb(engine: Engine): Promise<ScratchDb> {
  if (engine === 'pglite') {
    const db = await openPgliteDb(null);
    return { engine, db, url: null, dispose: () => db.close() };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `zc_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = rawPostgres(base, 1);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = openPostgresDb(url, { max: 5, applicationName: 'zhicheng-test' });
  return {
    engine,
    db,
    url,
    async dispose() {
      await db.close();
      const a = rawPostgres(base, 1);
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
