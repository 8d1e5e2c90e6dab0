export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * `false`: never prepare this statement, so PostgreSQL plans it with the actual parameter
   * values every time. For statements whose best plan depends on the values (a county's
   * share of the entities, an id pattern): a prepared statement switches to one generic plan
   * after five executions, which may be far worse for them.
   */
  prepare?: boolean;
}

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1…$n` parameters. */
  query<T extends object = Row>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<T[]>;
  /** Several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
}

export interface PoolStats {
  max: number;
  busy: number;
  waiting: number;
}

/**
 * One SQL dialect on two engines: PGlite (embedded) and PostgreSQL (postgres.js).
 * Both return int8 as number, timestamptz as Date, json/jsonb parsed, arrays as arrays.
 */
export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
