import { runMigrations } from '@zhicheng/kernel';
import { describeWithDb } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker, { foldRollups } from '../src/index.js';

const all = broker.migrations ?? [];
const PM25 = 'https://smartdatamodels.org/dataModel.Environment/pm25';

/**
 * Migration 0009 replaces the rollup queue by pending hours: what was queued and not yet
 * folded must still reach the rollups, and what had been folded must not be counted twice.
 */
describeWithDb('migration 0009: queued points become pending hours', [], (t) => {
  it('turns the queue into pending hours that the fold recomputes from the history', async () => {
    const db = t.db();
    await runMigrations(db, all.filter((m) => m.version < 9));
    await db.exec(`
      create table if not exists ngsi.history_r400 partition of ngsi.history for values in (400) partition by range (ts);
      create table if not exists ngsi.history_r400_20260601 partition of ngsi.history_r400 for values from ('2026-06-01') to ('2026-06-02');
      create table if not exists ngsi.rollup_hour_r3650 partition of ngsi.rollup_hour for values in (3650) partition by range (bucket);
      create table if not exists ngsi.rollup_hour_r3650_202606 partition of ngsi.rollup_hour_r3650 for values from ('2026-06-01') to ('2026-07-01');`);
    // Hour 10:00 has three points: one folded already (in rollup_hour, not queued), two still queued.
    for (const [m, v] of [[0, 1], [10, 2], [20, 4]] as const) {
      await db.query(`insert into ngsi.history (tenant, entity_id, ts, ret, attrs) values ('', 'urn:a', $1, 400, $2::text::jsonb)`, [
        new Date(Date.UTC(2026, 5, 1, 10, m)).toISOString(), JSON.stringify({ [PM25]: { v } }),
      ]);
    }
    await db.query(`insert into ngsi.rollup_hour values ('', 'urn:a', $1, '2026-06-01T10:00:00Z', 3650, 1, 1, 1, 1, 1)`, [PM25]);
    for (const [m, v] of [[10, 2], [20, 4]] as const) {
      await db.query(`insert into ngsi.rollup_queue (tenant, entity_id, ts, ret, vals) values ('', 'urn:a', $1, 3650, $2::text::jsonb)`, [
        new Date(Date.UTC(2026, 5, 1, 10, m)).toISOString(), JSON.stringify({ [PM25]: { v } }),
      ]);
    }

    await runMigrations(db, all);
    expect(await db.query('select tenant, entity_id, hour, ret, rret from ngsi.rollup_pending')).toEqual([
      { tenant: '', entity_id: 'urn:a', hour: new Date('2026-06-01T10:00:00Z'), ret: 400, rret: 3650 },
    ]);
    expect(await db.query(`select to_regclass('ngsi.rollup_queue') as t`)).toEqual([{ t: null }]);
    expect(await foldRollups(db, { all: true })).toBe(1);
    expect(await db.query('select n::int, sum::float8, min::float8, max::float8 from ngsi.rollup_hour')).toEqual([{ n: 3, sum: 7, min: 1, max: 4 }]);
  });
});
