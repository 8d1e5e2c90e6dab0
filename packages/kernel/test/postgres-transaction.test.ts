import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../src/db/postgres-db.js';
import type { Db } from '../src/db/types.js';
import { openScratchDb, type ScratchDb } from '../src/testing/test-databases.js';

// The transaction contract the write paths rely on (entity writes send several statements at
// once inside one): statements run inside the transaction and in order, every way of ending it
// leaves the connection clean, and a statement error fails it even when the caller caught it.
describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL transactions (DATABASE_URL)', () => {
  let scratch: ScratchDb;
  let db: Db;
  let other: Db;
  beforeAll(async () => {
    scratch = await openScratchDb('postgres');
    db = openPostgresDb(scratch.url!, { max: 2 });
    other = openPostgresDb(scratch.url!, { max: 1 });
    await db.exec('create table t (id int primary key, v text not null)');
  });
  afterAll(async () => {
    await db?.close();
    await other?.close();
    await scratch?.dispose();
  });
  beforeEach(async () => {
    await db.exec('truncate t');
  });
  const count = async (via: Db = other) => (await via.query<{ n: number }>('select count(*)::int as n from t', []))[0]!.n;

  it('runs the first statement inside the transaction: nothing is visible before the commit', async () => {
    let seenOutside = -1;
    const result = await db.transaction(async (tx) => {
      await tx.query('insert into t (id, v) values ($1, $2)', [1, 'a']);
      seenOutside = await count();
      return (await tx.query<{ n: number }>('select count(*)::int as n from t', []))[0]!.n;
    });
    expect(result).toBe(1);
    expect(seenOutside).toBe(0);
    expect(await count()).toBe(1);
  });

  it('sends statements issued together in order, in one transaction', async () => {
    const [, , rows] = await db.transaction((tx) => Promise.all([
      tx.query('insert into t (id, v) values ($1, $2)', [1, 'a']),
      tx.query('update t set v = $2 where id = $1', [1, 'b']),
      tx.query<{ v: string }>('select v from t where id = $1', [1]),
    ]));
    expect(rows).toEqual([{ v: 'b' }]);
    expect(await count()).toBe(1);
  });

  it('rolls back when the callback throws', async () => {
    await expect(db.transaction(async (tx) => {
      await tx.query('insert into t (id, v) values ($1, $2)', [1, 'a']);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await count()).toBe(0);
  });

  it('fails with the statement\'s error when the callback caught it, and commits nothing', async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.query('insert into t (id, v) values ($1, $2)', [1, 'a']);
      await tx.query('insert into t (id, v) values ($1, $2)', [1, 'again']).catch(() => undefined);
      return 'fine?';
    });
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toBe(0);
  });

  it('fails with the first error when later statements were already sent behind it', async () => {
    const attempt = db.transaction((tx) => Promise.all([
      tx.query('insert into t (id, v) values ($1, $2)', [1, null]),
      tx.query('insert into t (id, v) values ($1, $2)', [2, 'b']),
    ]));
    await expect(attempt).rejects.toMatchObject({ code: '23502' });
    expect(await count()).toBe(0);
  });

  it('gives the connections back clean: later work on them is not inside an old transaction', async () => {
    for (let i = 0; i < 3; i++) {
      await db.transaction(async (tx) => {
        await tx.query('insert into t (id, v) values ($1, $2)', [100 + i, 'x']);
        throw new Error('no');
      }).catch(() => undefined);
    }
    // more transactions at once than connections, then plain statements on the same pool
    await Promise.all(Array.from({ length: 6 }, (_, i) => db.transaction((tx) => tx.query('insert into t (id, v) values ($1, $2)', [i, 'y']))));
    await db.query('insert into t (id, v) values ($1, $2)', [50, 'z']);
    const open = await db.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'", []);
    expect(open[0]!.n).toBe(0);
    expect(await count()).toBe(7);
  });
});
