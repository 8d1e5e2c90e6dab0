import { expect, it } from 'vitest';
import { pendingMigrations, runMigrations, type Migration } from '../src/db/migrations.js';
import { describeWithDb } from '../src/testing/index.js';

const m = (version: number, sql: string): Migration => ({ module: 'kt', version, name: `step_${version}`, sql });

describeWithDb('migrations', [], (t) => {
  it('applies pending migrations once, in order', async () => {
    const first = await runMigrations(t.db(), [m(1, 'create schema kt; create table kt.a (id int primary key);'), m(2, 'alter table kt.a add column name text;')]);
    expect(first.map((x) => x.version)).toEqual([1, 2]);
    const again = await runMigrations(t.db(), [m(1, 'create schema kt; create table kt.a (id int primary key);'), m(2, 'alter table kt.a add column name text;')]);
    expect(again).toEqual([]);
    await t.db().query('insert into kt.a (id, name) values ($1, $2)', [1, 'x']);
    expect(await t.db().query('select id, name from kt.a')).toEqual([{ id: 1, name: 'x' }]);
  });

  it('lists pending migrations without changing anything (ZC_MIGRATE=off)', async () => {
    const next = m(9, 'create table kt.later (id int);');
    expect(await pendingMigrations(t.db(), [m(1, 'x'), next])).toEqual([next]);
    const rows = await t.db().query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name = 'later'");
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a migration that changed after it was applied', async () => {
    await expect(runMigrations(t.db(), [m(1, 'create schema kt2;')])).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration entirely', async () => {
    await expect(runMigrations(t.db(), [m(3, 'create table kt.b (id int); select * from nowhere;')])).rejects.toThrow();
    const rows = await t.db().query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema = 'kt' and table_name = 'b'");
    expect(rows[0]!.n).toBe(0);
  });

  it('returns the same types on both engines', async () => {
    const [row] = await t.db().query<Record<string, unknown>>(
      `select 1::int8 as i8, 2.5::float8 as f, '{"a":1}'::jsonb as j, array['x','y'] as arr, now() as ts`,
    );
    expect(row).toMatchObject({ i8: 1, f: 2.5, j: { a: 1 }, arr: ['x', 'y'] });
    expect(row!.ts).toBeInstanceOf(Date);
  });

  it('takes json parameters as JSON text or as values, the same on both engines', async () => {
    await t.db().exec('create table kt.j (v jsonb)');
    await t.db().query('insert into kt.j values ($1), ($2)', ['{"a":[1,2]}', { b: '凉山' }]);
    expect(await t.db().query('select v from kt.j order by v::text')).toEqual([{ v: { a: [1, 2] } }, { v: { b: '凉山' } }]);
  });

  it('transactions commit or roll back as a whole', async () => {
    await t.db().exec('create table kt.t (v int)');
    await t.db().transaction(async (tx) => tx.query('insert into kt.t values (1)'));
    await expect(t.db().transaction(async (tx) => {
      await tx.query('insert into kt.t values (2)');
      throw new Error('abort');
    })).rejects.toThrow('abort');
    expect(await t.db().query('select v from kt.t')).toEqual([{ v: 1 }]);
  });
});
