import type { Db, Queryable } from '@zhicheng/kernel';
import type { ReadScope, SubscriptionRecord } from './matcher.js';
import type { StoredSubscription } from './subscription-model.js';

export interface SubscriptionRow extends SubscriptionRecord {
  id: string;
  department_id: string | null;
  times_sent: number;
  times_failed: number;
  last_notification: Date | null;
  last_success: Date | null;
  last_failure: Date | null;
  throttling_s: number | null;
  time_interval_s: number | null;
  next_notify_at: Date | null;
  modified_at: Date;
}

const COLS = `tenant, id, body, context, paused, expires_at, read_scope, department_id, times_sent, times_failed, last_notification, last_success, last_failure, throttling_s, time_interval_s, next_notify_at, modified_at`;

/**
 * Whose subscriptions a caller reaches: `owner` is `user:<id>` or `apiKey:<id>`; null reaches
 * every subscription of the tenant (ngsi:manage, or a platform without identity).
 */
export type OwnerFilter = string | null;
const ownerSql = (n: number) => `($${n}::text is null or owner = $${n}::text)`;

export function createSubscriptionRepository(db: Db) {
  return {
    async insert(tenant: string, s: StoredSubscription, context: unknown, scope: ReadScope, departmentId: string | null, owner: string | null): Promise<boolean> {
      const rows = await db.query(
        `insert into ngsi.subscriptions (tenant, id, body, context, paused, expires_at, throttling_s, read_scope, department_id, time_interval_s, owner)
         values ($1, $2, $3::text::jsonb, $4::text::jsonb, $5, $6, $7, $8::text::jsonb, $9, $10, $11) on conflict do nothing returning id`,
        [tenant, s.id, JSON.stringify(s), JSON.stringify(context ?? null), !s.isActive, s.expiresAt ?? null, s.throttling ?? null, JSON.stringify(scope), departmentId, s.timeInterval ?? null, owner],
      );
      return rows.length > 0;
    },
    async get(tenant: string, id: string, owner: OwnerFilter): Promise<SubscriptionRow | null> {
      return (await db.query<SubscriptionRow>(`select ${COLS} from ngsi.subscriptions where tenant = $1 and id = $2 and ${ownerSql(3)}`, [tenant, id, owner]))[0] ?? null;
    },
    async list(tenant: string, owner: OwnerFilter, limit: number, offset: number): Promise<{ rows: SubscriptionRow[]; total: number }> {
      const rows = await db.query<SubscriptionRow>(
        `select ${COLS} from ngsi.subscriptions where tenant = $1 and ${ownerSql(2)} order by id limit $3 offset $4`,
        [tenant, owner, limit, offset],
      );
      const [n] = await db.query<{ n: number }>(`select count(*)::int as n from ngsi.subscriptions where tenant = $1 and ${ownerSql(2)}`, [tenant, owner]);
      return { rows, total: n?.n ?? 0 };
    },
    async all(): Promise<SubscriptionRow[]> {
      return db.query<SubscriptionRow>(`select ${COLS} from ngsi.subscriptions`);
    },
    async update(tenant: string, s: StoredSubscription): Promise<void> {
      await db.query(
        // A new period (or a resumed subscription) notifies at once and then every period.
        `update ngsi.subscriptions set body = $3::text::jsonb, paused = $4, expires_at = $5, throttling_s = $6, time_interval_s = $7,
           next_notify_at = case when time_interval_s is distinct from $7 or paused <> $4 then null else next_notify_at end, modified_at = now()
         where tenant = $1 and id = $2`,
        [tenant, s.id, JSON.stringify(s), !s.isActive, s.expiresAt ?? null, s.throttling ?? null, s.timeInterval ?? null],
      );
    },
    /** Deleting a subscription also drops its pending notifications. */
    async delete(tenant: string, id: string, owner: OwnerFilter): Promise<boolean> {
      return db.transaction(async (tx: Queryable) => {
        const rows = await tx.query(`delete from ngsi.subscriptions where tenant = $1 and id = $2 and ${ownerSql(3)} returning id`, [tenant, id, owner]);
        await tx.query('delete from ngsi.notification_outbox where tenant = $1 and subscription_id = $2', [tenant, id]);
        return rows.length > 0;
      });
    },
    /** Newest change (for processes that did not make it to notice and reload). */
    async version(): Promise<string> {
      const [r] = await db.query<{ v: string }>("select coalesce(max(modified_at)::text, '') || ':' || count(*)::text as v from ngsi.subscriptions");
      return r?.v ?? '';
    },
  };
}

export type SubscriptionRepository = ReturnType<typeof createSubscriptionRepository>;
