import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../src/db/postgres-db.js';
import { openThreadedPostgresDb } from '../src/db/threaded-postgres-db.js';
import type { Db } from '../src/db/types.js';
import { openScratchDb, type ScratchDb } from '../src/testing/test-databases.js';

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL through a pool in its own thread (DATABASE_URL)', () => {
  let scratch: ScratchDb;
  let db: Db;
  let direct: Db;
  beforeAll(async () => {
    scratch = await openScratchDb('postgres');
    db = openThreadedPostgresDb(scratch.url!, { max: 2 });
    direct = openPostgresDb(scratch.url!, { max: 1 });
    await db.exec('create table t (id int primary key, v jsonb, at timestamptz, n int8)');
  });
  afterAll(async () => {
    await db?.close();
    await direct?.close();
    await scratch?.dispose();
  });

  it('answers as the direct pool does: json parsed, int8 as number, timestamptz as Date', async () => {
    const at = new Date('2026-01-01T00:00:00Z');
    await db.query('insert into t values ($1, $2, $3, $4)', [1, JSON.stringify({ a: [1, 'x'] }), at, 9007199254740991]);
    const rows = await db.query('select id, v, at, n from t where id = $1', [1]);
    expect(rows).toEqual([{ id: 1, v: { a: [1, 'x'] }, at, n: 9007199254740991 }]);
    expect(rows).toEqual(await direct.query('select id, v, at, n from t where id = $1', [1]));
  });

  it('commits a transaction, pipelining its statements, and rolls back one whose callback throws', async () => {
    const r = await db.transaction(async (tx) => {
      const [a, b] = await Promise.all([tx.query('insert into t (id) values (2) returning id'), tx.query('insert into t (id) values (3) returning id')]);
      return [...a, ...b];
    });
    expect(r).toEqual([{ id: 2 }, { id: 3 }]);
    await expect(db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (4)');
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const ids = (await direct.query<{ id: number }>('select id from t order by id')).map((x) => x.id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('keeps the SQLSTATE and fields of a database error, and rolls back the transaction it happened in', async () => {
    const err = await db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (5)');
      await tx.query('insert into t (id) values (1)');
    }).catch((e: unknown) => e as Record<string, unknown>);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint_name: 't_pkey', table_name: 't' });
    expect((await direct.query('select id from t where id = 5')).length).toBe(0);
    await expect(db.query('select * from no_such_table')).rejects.toMatchObject({ code: '42P01' });
  });

  it('isolates concurrent transactions on its connections', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = db.transaction(async (tx) => {
      await tx.query('insert into t (id) values (10)');
      await held;
    });
    // The other connection does not see the uncommitted row…
    await new Promise((r) => setTimeout(r, 50));
    await db.transaction(async (tx) => {
      expect((await tx.query('select id from t where id = 10')).length).toBe(0);
    });
    release();
    await first;
    // …and sees it once committed.
    expect((await db.query('select id from t where id = 10')).length).toBe(1);
    expect(db.poolStats()).toEqual({ max: 2, busy: 0, waiting: 0 });
  });

  it('answers again after its connections were terminated by the server', async () => {
    const other = openThreadedPostgresDb(scratch.url!, { max: 1, applicationName: 'zc-thread-test' });
    try {
      expect(await other.query('select 1 as x')).toEqual([{ x: 1 }]);
      await direct.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'zc-thread-test'");
      await new Promise((r) => setTimeout(r, 100));
      expect(await other.query('select 2 as x').catch(() => other.query('select 2 as x'))).toEqual([{ x: 2 }]);
    } finally {
      await other.close();
    }
  });

  it('answers the statements of a transaction whose connection was lost with the connection error (writers retry those)', async () => {
    const other = openThreadedPostgresDb(scratch.url!, { max: 1, applicationName: 'zc-thread-lost' });
    try {
      const attempt = other.transaction(async (tx) => {
        await tx.query('select 1');
        await direct.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'zc-thread-lost'");
        await new Promise((r) => setTimeout(r, 200));
        await tx.query('select 2');
      });
      await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^(CONNECTION_CLOSED|ECONNRESET|57P01)$/) });
      expect(await other.query('select 3 as x')).toEqual([{ x: 3 }]);
    } finally {
      await other.close();
    }
  });

  it('refuses work once closed, with a connection error code', async () => {
    const other = openThreadedPostgresDb(scratch.url!, { max: 1 });
    expect(await other.query('select 1 as x')).toEqual([{ x: 1 }]);
    await other.close();
    await expect(other.query('select 1')).rejects.toMatchObject({ code: 'CONNECTION_ENDED' });
  });
});
