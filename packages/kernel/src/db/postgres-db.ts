import postgres from 'postgres';
import type { Db, PoolStats, Queryable, QueryOptions, Row } from './types.js';

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * Which statement texts to prepare. postgres.js sends a parameterised `unsafe` statement
 * unprepared as Describe, then Bind/Execute: two round trips and a fresh plan each time.
 * Prepared, a statement costs one round trip after its first use. postgres.js keeps prepared
 * statements per connection without limit, so only texts seen `PREPARE_AFTER` times are
 * prepared (the hot, fixed statements), and at most `MAX_PREPARED` of them, so statements
 * built from variable filters or batch sizes cannot grow each connection's cache for ever.
 */
export const PREPARE_AFTER = 3;
export const MAX_PREPARED = 1000;

export function createPreparePolicy(enabled: boolean, after = PREPARE_AFTER, max = MAX_PREPARED): (text: string) => boolean {
  const seen = new Map<string, number>();
  const prepared = new Set<string>();
  return (text) => {
    if (!enabled) return false;
    if (prepared.has(text)) return true;
    if (prepared.size >= max) return false;
    const count = (seen.get(text) ?? 0) + 1;
    if (count < after) {
      // Forget the counts now and then, so one-off texts do not accumulate either.
      if (seen.size >= max * 10) seen.clear();
      seen.set(text, count);
      return false;
    }
    seen.delete(text);
    prepared.add(text);
    return true;
  };
}

function wrap(sql: Sql, shouldPrepare: (text: string) => boolean): Queryable {
  return {
    async query<T extends object = Row>(text: string, params: readonly unknown[] = [], opts?: QueryOptions) {
      const args = params as postgres.ParameterOrJSON<never>[];
      const rows = await (params.length > 0 && opts?.prepare !== false && shouldPrepare(text) ? sql.unsafe(text, args, { prepare: true }) : sql.unsafe(text, args));
      return rows as unknown as T[];
    },
    async exec(text: string) {
      // Without parameters postgres.js uses the simple protocol, which accepts several statements.
      await sql.unsafe(text).simple();
    },
  };
}

/** Counts the operations under way, for `poolStats` (busy up to the pool size, the rest waiting). */
export function createPoolTracker(max: number) {
  let busy = 0;
  return {
    async track<T>(fn: () => Promise<T>): Promise<T> {
      busy += 1;
      try {
        return await fn();
      } finally {
        busy -= 1;
      }
    },
    poolStats: (): PoolStats => ({ max, busy: Math.min(busy, max), waiting: Math.max(0, busy - max) }),
  };
}

export interface PostgresOptions {
  max: number;
  /** Optional application_name shown in pg_stat_activity. */
  applicationName?: string;
  /** Prepare statements that repeat (default true); false behind a transaction-mode pooler. */
  prepare?: boolean;
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
  const { track, poolStats } = createPoolTracker(opts.max);
  const shouldPrepare = createPreparePolicy(opts.prepare ?? true);
  const base = wrap(sql, shouldPrepare);
  return {
    engine: 'postgres',
    query: (text, params, opts) => track(() => base.query(text, params, opts)),
    exec: (text) => track(() => base.exec(text)),
    transaction: (fn) => track(async () => (await sql.begin((tx) => fn(wrap(tx, shouldPrepare)))) as Awaited<ReturnType<typeof fn>>),
    poolStats,
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** The raw client for the few places that need COPY or LISTEN; keep it out of module code. */
export function rawPostgres(url: string, max = 2): postgres.Sql {
  return postgres(url, { max, onnotice: () => {} });
}
