import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPostgresDb } from '../src/db/postgres-db.js';
import type { Db } from '../src/db/types.js';
import { openScratchDb, type ScratchDb } from '../src/testing/test-databases.js';

// PostgreSQL ends a connection in the middle of a transaction (restart, failover, an operator's
// pg_terminate_backend, idle_in_transaction_session_timeout). postgres.js 3.4.9 then crashed
// the process from a timer (its automatic ROLLBACK written to the closed socket), left the
// transaction's queued statements pending for ever, and handed the next query the old
// backend's fatal error; patches/postgres+3.4.9.patch mends that. A pool of one connection
// makes every step reuse the connection that was lost.
describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL connection lost inside a transaction (DATABASE_URL)', () => {
  let scratch: ScratchDb;
  let db: Db;
  let admin: Db;
  beforeAll(async () => {
    scratch = await openScratchDb('postgres');
    db = openPostgresDb(scratch.url!, { max: 1, applicationName: 'zc-loss-test' });
    admin = openPostgresDb(scratch.url!, { max: 1, applicationName: 'zc-loss-admin' });
    await admin.exec('create table t (id int primary key)');
  });
  afterAll(async () => {
    await db?.close();
    await admin?.close();
    await scratch?.dispose();
  });
  beforeEach(async () => {
    await admin.exec('truncate t');
    // the pool is usable again before each case
    expect(await db.query<{ one: number }>('select 1 as one', [])).toEqual([{ one: 1 }]);
  });

  const terminate = () => admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'zc-loss-test'", []);
  const ids = async () => (await admin.query<{ id: number }>('select id from t order by id', [])).map((r) => r.id);
  /** How postgres.js names a connection that went away (reset, closed by the server, or the fatal error it sent first). */
  const LOST = expect.stringMatching(/^(CONNECTION_CLOSED|CONNECTION_DESTROYED|ECONNRESET|57P01)$/);
  /** Settles within `ms` or fails the test (a hang is the defect, not a slow answer). */
  const within = <T>(p: Promise<T>, ms = 5000) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);

  it('fails the transaction when the backend is killed during a statement, and the next query works', async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (1)', []);
      setTimeout(() => void terminate(), 200);
      await tx.query('select pg_sleep(3)', []);
      return 'committed?';
    });
    await expect(within(attempt)).rejects.toMatchObject({ code: LOST });
    // not the old backend's "terminating connection" error: a fresh answer
    expect(await within(db.query<{ one: number }>('select 1 as one', []))).toEqual([{ one: 1 }]);
    expect(await ids()).toEqual([]);
  });

  it('fails the transaction when the backend is killed between statements; its later statements are refused', async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (1)', []);
      await terminate();
      await new Promise((r) => setTimeout(r, 200));
      await tx.query('insert into t (id) values (2)', []);
      return 'committed?';
    });
    await expect(within(attempt)).rejects.toMatchObject({ code: LOST });
    expect(await within(db.query<{ one: number }>('select 1 as one', []))).toEqual([{ one: 1 }]);
    expect(await ids()).toEqual([]);
  });

  it('settles statements queued behind the lost one (none stays pending)', async () => {
    let settled: PromiseSettledResult<unknown>[] = [];
    const attempt = db.transaction(async (tx) => {
      setTimeout(() => void terminate(), 200);
      // a statement whose parameter types are described first holds the ones after it in the transaction's queue
      settled = await within(Promise.allSettled([
        tx.query('select pg_sleep(3)', []),
        tx.query('insert into t (id) values ($1)', [1]),
        tx.query('insert into t (id) values ($1)', [2]),
      ]));
      return settled;
    });
    await expect(within(attempt)).rejects.toMatchObject({ code: LOST });
    await vi.waitFor(() => expect(settled).not.toHaveLength(0), { timeout: 5000, interval: 50 });
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(settled.map((s) => (s as PromiseRejectedResult).reason?.code)).toEqual([LOST, LOST, LOST]);
    expect(await ids()).toEqual([]);
  });

  it('never runs a lost transaction\'s later statements on the replacement connection', async () => {
    let late: PromiseSettledResult<unknown> | null = null;
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (1)', []);
      await terminate();
      // meanwhile the pool reconnects and serves others
      await new Promise((r) => setTimeout(r, 300));
      await db.query('select 1', []);
      [late] = await within(Promise.allSettled([tx.query('insert into t (id) values (2)', [])]));
      return 'committed?';
    });
    await expect(within(attempt)).rejects.toMatchObject({ code: LOST });
    await vi.waitFor(() => expect(late).not.toBeNull(), { timeout: 5000, interval: 50 });
    expect(late).toMatchObject({ status: 'rejected', reason: { code: LOST } });
    expect(await ids()).toEqual([]);
    const open = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'", []);
    expect(open[0]!.n).toBe(0);
  });
});
