import type { Queryable } from '@zhicheng/kernel';

/** One notification to send: the subscription, the entity as it is to be shown, the attributes that changed. */
export interface OutboxRow {
  subscription: string;
  entity: unknown;
  changed: string[];
}

/**
 * Puts notifications in the outbox, in the writer's transaction (delivered after the commit by
 * the outbox worker). The rows travel as one json document: as text arrays every quote of every
 * entity snapshot would be escaped by the driver and each element parsed again.
 */
export async function insertOutbox(tx: Queryable, tenant: string, rows: OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `insert into ngsi.notification_outbox (tenant, subscription_id, entity, changed)
     select $1, x.subscription, x.entity, x.changed from jsonb_to_recordset($2::jsonb) as x(subscription text, entity jsonb, changed text[])`,
    [tenant, JSON.stringify(rows)],
  );
}
