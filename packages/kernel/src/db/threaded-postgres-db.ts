import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeError, type DbThreadInit, type DbThreadReply, type DbThreadRequest } from './db-thread-protocol.js';
import { createPoolTracker, type PostgresOptions } from './postgres-db.js';
import type { Db, Queryable, Row } from './types.js';

type Pending = { resolve(rows: unknown[] | undefined): void; reject(err: Error): void };
/** Requests without their id: `call` numbers them. */
type Unnumbered = DbThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * PostgreSQL through a pool that lives in its own thread, for a writer whose own thread is
 * busy (the ingestion server parses, authenticates and maps tens of thousands of messages a
 * second there). postgres.js sends and reads on its sockets from the event loop of the thread
 * it runs in; on a busy thread a large statement goes out, and its answer comes back, only as
 * fast as that loop gets round to the socket. Here only the statement texts, parameters and
 * result rows cross threads (copied); the thread's loop serves nothing but the database.
 *
 * Same contract as `openPostgresDb` (its prepare policy and type parsers run in the thread);
 * errors keep their SQLSTATE `code` and PostgreSQL's fields, not their stack.
 */
export function openThreadedPostgresDb(url: string, opts: PostgresOptions): Db {
  const pending = new Map<number, Pending>();
  let seq = 0;
  /** Set by close(): every later request fails. */
  let closed: Error | null = null;
  let worker: Worker | null = null;

  /**
   * The thread, started again if it died (the error of what was under way is a connection
   * error, which writers retry; its open transactions were rolled back with its connections).
   */
  function thread(): Worker {
    if (worker) return worker;
    const w = startThread({ url, opts });
    const fail = (err: Error) => {
      if (worker === w) worker = null;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on('message', (r: DbThreadReply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (!pending.size) w.unref();
      if (r.ok) p.resolve(r.rows);
      else p.reject(deserializeError(r.error));
    });
    w.on('error', (err) => fail(Object.assign(new Error(`database thread failed: ${err.message}`), { code: 'CONNECTION_DESTROYED' })));
    w.on('exit', () => fail(closed ?? Object.assign(new Error('database thread stopped'), { code: 'CONNECTION_DESTROYED' })));
    // An idle pool does not keep the process alive (as a closed one would not); a request does.
    w.unref();
    return (worker = w);
  }

  /** Sends request `id` (a `begin`'s id names its transaction in later requests). */
  function send(id: number, req: Unnumbered): Promise<unknown[] | undefined> {
    if (closed) return Promise.reject(closed);
    const w = thread();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (pending.size === 1) w.ref();
      w.postMessage({ ...req, id } as DbThreadRequest);
    });
  }
  const call = (req: Unnumbered) => send(++seq, req);
  const on = (tx?: number): Queryable => ({
    query: async <T extends object = Row>(text: string, params: readonly unknown[] = [], o?: { prepare?: boolean }) =>
      (await call({ t: 'query', tx, text, params, ...(o ? { opts: o } : {}) })) as T[],
    exec: async (text: string) => void (await call({ t: 'exec', tx, text })),
  });
  const { track, poolStats } = createPoolTracker(opts.max);
  const pool = on();

  return {
    engine: 'postgres',
    query: (text, params, o) => track(() => pool.query(text, params, o)),
    exec: (text) => track(() => pool.exec(text)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => track(async () => {
      const tx = ++seq;
      await send(tx, { t: 'begin' });
      let result: T;
      try {
        result = await fn(on(tx));
      } catch (err) {
        await call({ t: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await call({ t: 'end', tx, commit: true });
      return result;
    }),
    poolStats,
    async close() {
      if (closed) return;
      if (worker) await call({ t: 'close' }).catch(() => {});
      closed = Object.assign(new Error('database closed'), { code: 'CONNECTION_ENDED' });
      await worker?.terminate();
    },
  };
}

/**
 * The thread runs the built JavaScript, or the TypeScript source under tsx as the platform
 * does: a worker does not inherit the parent's module hooks (nor honour `--import` in its
 * execArgv on Node 20), so it registers tsx itself before loading the entry.
 */
function startThread(init: DbThreadInit): Worker {
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new Worker(new URL('./postgres-db-thread.js', import.meta.url), { workerData: init });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./postgres-db-thread.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: init });
}
