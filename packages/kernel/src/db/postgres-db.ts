import postgres from 'postgres';
import type { Db, PoolStats, Queryable, Row } from './types.js';

type Sql = postgres.Sql | postgres.TransactionSql;

function wrap(sql: Sql): Queryable {
  return {
    async query<T extends object = Row>(text: string, params: readonly unknown[] = []) {
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as T[];
    },
    async exec(text: string) {
      // Without parameters postgres.js uses the simple protocol, which accepts several statements.
      await sql.unsafe(text).simple();
    },
  };
}

export interface PostgresOptions {
  max: number;
  /** Optional application_name shown in pg_stat_activity. */
  applicationName?: string;
}

export function openPostgresDb(url: string, opts: PostgresOptions): Db {
  const sql = postgres(url, {
    max: opts.max,
    onnotice: () => {},
    connection: { application_name: opts.applicationName ?? 'zhicheng' },
    // int8 as number, the same as PGlite: counts and ids here stay below 2^53.
    types: {
      int8: { to: 20, from: [20], serialize: (v: unknown) => String(v), parse: (v: string) => Number(v) },
      // A string parameter for a json column is JSON text, as in PGlite; postgres.js would encode it again.
      json: { to: 3802, from: [114, 3802], serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)), parse: (v: string) => JSON.parse(v) as unknown },
    },
  });
  let busy = 0;
  const track = async <T>(fn: () => Promise<T>): Promise<T> => {
    busy += 1;
    try {
      return await fn();
    } finally {
      busy -= 1;
    }
  };
  const base = wrap(sql);
  return {
    engine: 'postgres',
    query: (text, params) => track(() => base.query(text, params)),
    exec: (text) => track(() => base.exec(text)),
    transaction: (fn) => track(async () => (await sql.begin((tx) => fn(wrap(tx)))) as Awaited<ReturnType<typeof fn>>),
    poolStats: (): PoolStats => ({ max: opts.max, busy: Math.min(busy, opts.max), waiting: Math.max(0, busy - opts.max) }),
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The raw client for the few places that need COPY or LISTEN; keep it out of module code. */
export function rawPostgres(url: string, max = 2): postgres.Sql {
  return postgres(url, { max, onnotice: () => {} });
}
