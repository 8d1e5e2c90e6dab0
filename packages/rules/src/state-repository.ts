import type { Db } from '@zhicheng/kernel';
import type { StateRow } from './engine.js';

/** The engine's snapshots: (rule, entity) state as JSON, written in batches with unnest. */
export function createStateRepository(db: Db) {
  return {
    async save(rows: StateRow[], at: Date, key = 'default'): Promise<void> {
      await db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += 5000) {
          const part = rows.slice(i, i + 5000);
          await tx.query(
            `insert into rules.engine_state (rule_id, entity_id, state)
             select s.r, s.e, s.st::jsonb from unnest($1::text[], $2::text[], $3::text[]) as s(r, e, st)
             on conflict (rule_id, entity_id) do update set state = excluded.state`,
            [part.map((r) => r.ruleId), part.map((r) => r.entityId), part.map((r) => JSON.stringify(r.state))]);
        }
        await tx.query('insert into rules.engine_meta (key, snapshot_at) values ($1, $2) on conflict (key) do update set snapshot_at = excluded.snapshot_at', [key, at]);
      });
    },

    async load(key = 'default'): Promise<{ rows: StateRow[]; snapshotAt: Date | null }> {
      const [meta] = await db.query<{ snapshot_at: Date }>('select snapshot_at from rules.engine_meta where key = $1', [key]);
      const rows = await db.query<{ rule_id: string; entity_id: string; state: StateRow['state'] }>('select rule_id, entity_id, state from rules.engine_state');
      return { rows: rows.map((r) => ({ ruleId: r.rule_id, entityId: r.entity_id, state: r.state })), snapshotAt: meta?.snapshot_at ?? null };
    },

    async forget(ruleId: string): Promise<void> {
      await db.query('delete from rules.engine_state where rule_id = $1', [ruleId]);
    },
  };
}
