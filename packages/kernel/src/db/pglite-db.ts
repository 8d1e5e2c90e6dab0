import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, PoolStats, Queryable, Row } from './types.js';

interface PGliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<unknown>;
}

function wrap(pg: PGliteLike): Queryable {
  return {
    async query<T extends object = Row>(text: string, params: readonly unknown[] = []) {
      return (await pg.query<T>(text, params as unknown[])).rows;
    },
    async exec(text: string) {
      await pg.exec(text);
    },
  };
}

/**
 * PGlite is one connection: it serialises statements itself, and `transaction` holds it
 * exclusively, so other queries wait instead of interleaving with the transaction.
 */
export async function openPgliteDb(dataDir: string | null): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  let busy = 0;
  let waiting = 0;
  const track = async <T>(fn: () => Promise<T>): Promise<T> => {
    waiting += busy > 0 ? 1 : 0;
    busy += 1;
    try {
      return await fn();
    } finally {
      busy -= 1;
      waiting = Math.max(0, waiting - 1);
    }
  };
  const base = wrap(pg);
  return {
    engine: 'pglite',
    query: (text, params, opts) => track(() => base.query(text, params, opts)),
    exec: (text) => track(() => base.exec(text)),
    transaction: (fn) => track(() => pg.transaction((tx) => fn(wrap(tx)))),
    poolStats: (): PoolStats => ({ max: 1, busy: Math.min(busy, 1), waiting }),
    async close() {
      await pg.close();
    },
  };
}

/** A gzip tarball of the whole data directory (the embedded backup format). */
export async function dumpPgliteDataDir(dataDir: string): Promise<Uint8Array> {
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  try {
    const file = await pg.dumpDataDir('gzip');
    return new Uint8Array(await file.arrayBuffer());
  } finally {
    await pg.close();
  }
}

/** Creates a data directory from a tarball made by `dumpPgliteDataDir`; the directory must be new. */
export async function loadPgliteDataDir(dataDir: string, archive: Uint8Array): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const pg = new PGlite(dataDir, { loadDataDir: new Blob([archive]) });
  await pg.waitReady;
  await pg.query('select 1');
  await pg.close();
}
