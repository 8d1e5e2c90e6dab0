import type { PostgresOptions } from './postgres-db.js';
import type { QueryOptions } from './types.js';

/** What the thread is started with (`workerData`). */
export interface DbThreadInit {
  url: string;
  opts: PostgresOptions;
}

/** From the caller's thread to the database thread. `tx` names an open transaction (absent: the pool). */
export type DbThreadRequest =
  | { t: 'query'; id: number; tx?: number; text: string; params: readonly unknown[]; opts?: QueryOptions }
  | { t: 'exec'; id: number; tx?: number; text: string }
  | { t: 'begin'; id: number }
  | { t: 'end'; id: number; tx: number; commit: boolean }
  | { t: 'close'; id: number };

/** From the database thread: the answer to request `id`. */
export type DbThreadReply = { id: number; ok: true; rows?: unknown[] } | { id: number; ok: false; error: SerializedError };

/**
 * A database error as data: an Error crossing threads keeps only its message, and callers
 * decide on `code` (SQLSTATE: unique violation, serialisation failure, connection loss …).
 */
export type SerializedError = { message: string; name: string } & Record<string, string | number | undefined>;

const FIELDS = ['code', 'errno', 'severity', 'detail', 'hint', 'position', 'schema_name', 'table_name', 'column_name', 'constraint_name', 'routine'] as const;

export function serializeError(err: unknown): SerializedError {
  const e = (err ?? {}) as Record<string, unknown>;
  const out: SerializedError = { message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' };
  for (const f of FIELDS) {
    const v = e[f];
    if (typeof v === 'string' || typeof v === 'number') out[f] = v;
  }
  return out;
}

export function deserializeError(s: SerializedError): Error {
  const { message, name, ...rest } = s;
  return Object.assign(new Error(message), { name }, rest);
}
