import type { Queryable } from '@zhicheng/kernel';
import type { LeasedRow, OutboxLease } from './outbox-hub.js';

/** One notification to send: the subscription, the entity as it is to be shown, the attributes that changed. */
export interface OutboxRow {
  subscription: string;
  entity: unknown;
  changed: string[];
}

/** What a writer enqueued: how many rows, and those written under this process's lease (to hand over after the commit). */
export interface Enqueued {
  count: number;
  handed: LeasedRow[];
}

/**
 * Puts notifications in the outbox, in the writer's transaction (delivered after the commit by
 * an outbox worker). The rows travel as one json document: as text arrays every quote of every
 * entity snapshot would be escaped by the driver and each element parsed again.
 *
 * With a `lease` the rows are written already leased to this process's worker, which gets them
 * in memory after the commit (see outbox-hub.ts): no lease query reads them back. Ids are drawn
 * in a materialized step so that each comes back with the position of its row.
 */
export async function insertOutbox(tx: Queryable, tenant: string, rows: OutboxRow[], lease: OutboxLease | null = null): Promise<Enqueued> {
  if (!rows.length) return { count: 0, handed: [] };
  if (!lease) {
    await tx.query(
      `insert into ngsi.notification_outbox (tenant, subscription_id, entity, changed)
       select $1, x.subscription, x.entity, x.changed from jsonb_to_recordset($2::jsonb) as x(subscription text, entity jsonb, changed text[])`,
      [tenant, JSON.stringify(rows)],
    );
    return { count: rows.length, handed: [] };
  }
  const ids = await tx.query<{ id: string; n: string }>(
    `with x as materialized (
       select nextval('ngsi.notification_outbox_id_seq') as id, t.subscription, t.entity, t.changed, t.n
       from rows from (jsonb_to_recordset($2::jsonb) as (subscription text, entity jsonb, changed text[])) with ordinality as t(subscription, entity, changed, n)
     ), ins as (
       insert into ngsi.notification_outbox (id, tenant, subscription_id, entity, changed, leased_until, leased_by)
       select id, $1, subscription, entity, changed, now() + make_interval(secs => $3), $4 from x
     )
     select id::text, n::text from x`,
    [tenant, JSON.stringify(rows), lease.seconds, lease.by],
  );
  const handed = ids.map(({ id, n }) => {
    const r = rows[Number(n) - 1]!;
    return { id: Number(id), tenant, subscription_id: r.subscription, entity: r.entity, attempts: 0 };
  });
  return { count: rows.length, handed };
}
