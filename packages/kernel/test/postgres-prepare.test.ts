import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../src/db/postgres-db.js';
import type { Db } from '../src/db/types.js';
import { openScratchDb, type ScratchDb } from '../src/testing/test-databases.js';

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL statement preparation (DATABASE_URL)', () => {
  let scratch: ScratchDb;
  let db: Db;
  beforeAll(async () => {
    scratch = await openScratchDb('postgres');
    db = openPostgresDb(scratch.url!, { max: 1 });
    await db.exec('create table t (id int primary key, v jsonb)');
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.dispose();
  });

  const preparedCount = async () =>
    (await db.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like '%into t %'", []))[0]!.n;

  it('prepares a repeated statement once per connection and gives the same results', async () => {
    for (let i = 0; i < 6; i++) {
      await db.query('insert into t (id, v) values ($1, $2) on conflict (id) do update set v = excluded.v', [i % 2, JSON.stringify({ i })]);
    }
    expect(await preparedCount()).toBe(1);
    const rows = await db.query<{ id: number; v: { i: number } }>('select id, v from t order by id', []);
    expect(rows).toEqual([{ id: 0, v: { i: 4 } }, { id: 1, v: { i: 5 } }]);
  });

  it('survives a change of the table under a prepared statement', async () => {
    for (let i = 0; i < 4; i++) await db.query('select * from t where id = $1', [0]);
    await db.exec('alter table t add column w text');
    const rows = await db.query<Record<string, unknown>>('select * from t where id = $1', [0]);
    expect(Object.keys(rows[0]!).sort()).toEqual(['id', 'v', 'w']);
  });

  it('never prepares a statement asked to be planned with its values (prepare: false)', async () => {
    for (let i = 0; i < 8; i++) await db.query('select id from t where id >= $1 order by id', [i % 2], { prepare: false });
    const n = (await db.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like '%from t where id >=%'", []))[0]!.n;
    expect(n).toBe(0);
    // …and a transaction's statements honour it too
    await db.transaction(async (tx) => {
      for (let i = 0; i < 8; i++) await tx.query('select v from t where id >= $1', [0], { prepare: false });
    });
    const m = (await db.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like '%select v from t where id >=%'", []))[0]!.n;
    expect(m).toBe(0);
  });

  it('prepares nothing when off (behind a transaction-mode pooler)', async () => {
    const off = openPostgresDb(scratch.url!, { max: 1, prepare: false });
    try {
      for (let i = 0; i < 5; i++) await off.query('select v from t where id = $1', [1]);
      const n = (await off.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like '%from t where%'", []))[0]!.n;
      expect(n).toBe(0);
    } finally {
      await off.close();
    }
  });
});
