import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker, { contextBrokerServiceKey, foldRollups, type ObservationBatchItem } from '../src/index.js';
import { createHistoryKeys } from '../src/temporal/history-keys.js';
import { appendHistoryRows } from '../src/temporal/history-writer.js';
import { testIdentityModule } from './helpers.js';

const HOUR = Date.parse('2026-06-01T10:00:00Z');
const ATTRS = ['pm25', 'pm10', 'no2', 'o3', 'so2'];
const ROUNDS = 60;

/**
 * The rollups are recomputed from the history while writers keep adding rows to the same hour
 * (migration 0009): a fold that read the history before a writer's rows were committed, and
 * then removed the hour's mark, would lose those rows from the rollups for good.
 */
describeWithPlatform('hourly rollups folded while writers add to the same hour', { modules: [testIdentityModule, broker] }, (t) => {
  it('ends with rollups equal to the history, every point counted once', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const db = t.platform().ctx.db;
    // Three writers on disjoint entities (as the ingest lanes are), each round a new instant per entity.
    const writer = async (w: number) => {
      for (let round = 0; round < ROUNDS; round++) {
        const batch: ObservationBatchItem[] = Array.from({ length: 10 }, (_, e) => ({
          entityId: `urn:ngsi-ld:AirQualityObserved:fold-${w}-${e}`, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401',
          attrs: ATTRS.map((name, a) => ({ name, value: round * 10 + a + e, observedAt: new Date(HOUR + (round * 30 + w) * 1000) })),
        }));
        await svc.writeObservations(batch);
      }
    };
    let writing = true;
    let folds = 0;
    const folder = async () => {
      while (writing) folds += await foldRollups(db, { all: true, limit: 7 });
    };
    const fold = folder();
    await Promise.all([writer(0), writer(1), writer(2)]);
    writing = false;
    await fold;
    while ((await foldRollups(db, { all: true })) > 0) { /* the rest */ }
    expect(folds).toBeGreaterThan(0);

    const fromHistory = await db.query<{ entity_id: string; attr: string; n: number; sum: number }>(
      `select h.entity_id, kv.key as attr, count(*)::int as n, sum((kv.value->'v')::float8)::float8 as sum
       from ngsi.history h cross join lateral jsonb_each(ngsi.history_cells(h.attrs, h.nk, h.nv)) kv
       where h.entity_id like 'urn:ngsi-ld:AirQualityObserved:fold-%' group by 1, 2 order by 1, 2`,
    );
    const rolled = await db.query<{ entity_id: string; attr: string; n: number; sum: number }>(
      `select entity_id, attr, sum(n)::int as n, sum(sum)::float8 as sum from ngsi.rollup_hour
       where entity_id like 'urn:ngsi-ld:AirQualityObserved:fold-%' group by 1, 2 order by 1, 2`,
    );
    expect(fromHistory).toHaveLength(30 * ATTRS.length);
    expect(fromHistory.every((r) => r.n === ROUNDS)).toBe(true);
    expect(rolled).toEqual(fromHistory);
    expect((await db.query<{ n: number }>('select count(*)::int as n from ngsi.rollup_pending'))[0]!.n).toBe(0);
  });

  // Deterministic form of the race above (PostgreSQL: PGlite has one connection, a held transaction would block the fold).
  it.runIf(t.engine === 'postgres')('leaves an hour alone while a writer of it has not committed, and folds it after', async () => {
    const svc = t.platform().ctx.services.get(contextBrokerServiceKey);
    const db = t.platform().ctx.db;
    const id = 'urn:ngsi-ld:AirQualityObserved:held';
    const at = HOUR + 3 * 3_600_000;
    await svc.writeObservations([{ entityId: id, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401', attrs: [{ name: 'pm25', value: 1, observedAt: new Date(at) }] }]);
    const [row] = await db.query<{ key: string; ret: number }>(
      'select k.key, h.ret from ngsi.history h cross join unnest(h.nk) as c join ngsi.history_keys k on k.code = c where h.entity_id = $1', [id]);
    // A cache of its own: the cell goes in as jsonb (its code unknown here), which the fold reads as well.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const writing = db.transaction(async (tx) => {
      await appendHistoryRows(tx, [{ tenant: '', entityId: id, type: 'AirQualityObserved', ts: at + 60_000, ret: row!.ret, rollupRet: 3650, attrs: { [row!.key]: { v: 2 } }, nk: [], nv: [] }],
        { keys: createHistoryKeys(db, t.platform().ctx.log) });
      entered();
      await held;
    });
    await inside;
    // The writer holds the hour's mark: the fold skips it instead of folding without the uncommitted row.
    expect(await foldRollups(db, { all: true })).toBe(0);
    release();
    await writing;
    expect(await foldRollups(db, { all: true })).toBe(1);
    const [r] = await db.query<{ n: number; sum: number }>('select n::int, sum::float8 from ngsi.rollup_hour where entity_id = $1', [id]);
    expect(r).toEqual({ n: 2, sum: 3 });
  });
});
