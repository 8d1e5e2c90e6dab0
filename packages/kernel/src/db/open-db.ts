import { join, resolve } from 'node:path';
import { StartupError } from '../errors.js';
import type { Config } from '../config/schema.js';
import { lockDataDir } from './data-dir-lock.js';
import { openPgliteDb } from './pglite-db.js';
import { openPostgresDb } from './postgres-db.js';
import type { Db } from './types.js';

export const pgliteDir = (config: Pick<Config, 'ZC_DATA_DIR'>) => join(resolve(config.ZC_DATA_DIR), 'pgdata');

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite persisted under ZC_DATA_DIR. */
export async function openDb(config: Config): Promise<Db> {
  if (config.DATABASE_URL) {
    const db = openPostgresDb(config.DATABASE_URL, { max: config.ZC_DB_POOL_MAX, prepare: config.ZC_DB_PREPARE === 'on' });
    try {
      await db.query('select 1');
    } catch (err) {
      await db.close().catch(() => {});
      const host = safeHost(config.DATABASE_URL);
      throw new StartupError(`Cannot reach PostgreSQL at ${host} (DATABASE_URL): ${(err as Error).message}`);
    }
    return db;
  }
  const unlock = lockDataDir(resolve(config.ZC_DATA_DIR));
  try {
    const db = await openPgliteDb(pgliteDir(config));
    const close = db.close.bind(db);
    return Object.assign(db, { close: async () => { await close(); unlock(); } });
  } catch (err) {
    unlock();
    throw new StartupError(
      `Cannot open the embedded database in ${pgliteDir(config)} (ZC_DATA_DIR): ${(err as Error).message}. ` +
        'Is another Zhicheng process using this data folder?',
    );
  }
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
