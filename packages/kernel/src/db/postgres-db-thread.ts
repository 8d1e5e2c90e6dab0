// The database thread of `openThreadedPostgresDb`: a postgres.js pool whose sockets are served
// by this thread's event loop, answering the requests of the thread that started it.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError, type DbThreadInit, type DbThreadReply, type DbThreadRequest } from './db-thread-protocol.js';
import { openPostgresDb } from './postgres-db.js';
import type { Queryable } from './types.js';

const port = parentPort!;
const init = workerData as DbThreadInit;
const db = openPostgresDb(init.url, init.opts);
/** Open transactions by the id of their `begin`: the connection, and how to end it. */
const open = new Map<number, { tx: Queryable; end(commit: boolean): void }>();
/** Rolls back a transaction (the rejection reason of its callback). */
const ROLLBACK = new Error('rolled back by the caller');

const reply = (r: DbThreadReply) => port.postMessage(r);
const fail = (id: number, err: unknown) => reply({ id, ok: false, error: serializeError(err) });

function target(id: number, tx: number | undefined): Queryable | null {
  if (tx === undefined) return db;
  const t = open.get(tx);
  // A transaction that failed on its own (its connection was lost) answers with that reason, so
  // the caller sees a connection error and retries; only an id never opened is an error of ours.
  if (!t) fail(id, lost.get(tx) ?? new Error(`transaction ${tx} is not open`));
  return t?.tx ?? null;
}

port.on('message', (m: DbThreadRequest) => {
  switch (m.t) {
    case 'query': {
      const q = target(m.id, m.tx);
      q?.query(m.text, m.params, m.opts).then((rows) => reply({ id: m.id, ok: true, rows }), (err: unknown) => fail(m.id, err));
      return;
    }
    case 'exec': {
      const q = target(m.id, m.tx);
      q?.exec(m.text).then(() => reply({ id: m.id, ok: true }), (err: unknown) => fail(m.id, err));
      return;
    }
    case 'begin': {
      let began = false;
      db.transaction((tx) => new Promise<void>((resolve, reject) => {
        began = true;
        open.set(m.id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
        reply({ id: m.id, ok: true });
      })).then(
        () => ended(m.id, null),
        (err: unknown) => (began ? ended(m.id, err === ROLLBACK ? null : err) : fail(m.id, err)),
      );
      return;
    }
    case 'end': {
      const t = open.get(m.tx);
      if (!t) {
        const why = lost.get(m.tx);
        lost.delete(m.tx);
        return fail(m.id, why ?? new Error(`transaction ${m.tx} is not open`));
      }
      ends.set(m.tx, m.id);
      t.end(m.commit);
      return;
    }
    case 'close':
      void db.close().then(() => reply({ id: m.id, ok: true }), (err: unknown) => fail(m.id, err));
      return;
  }
});

/** The `end` request waiting for each transaction's COMMIT or ROLLBACK to finish. */
const ends = new Map<number, number>();
/** Transactions that failed before their caller ended them (a lost connection): the reason, for the `end`. */
const lost = new Map<number, unknown>();
function ended(tx: number, err: unknown) {
  open.delete(tx);
  const id = ends.get(tx);
  ends.delete(tx);
  if (id === undefined) {
    if (err) lost.set(tx, err);
    return;
  }
  if (err) fail(id, err);
  else reply({ id, ok: true });
}
