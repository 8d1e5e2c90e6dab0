import type { Db, Logger } from '@zhicheng/kernel';
import { fromRow, ENTITY_COLUMNS, type EntityRow } from '../entities/entity-rows.js';
import type { StoredEntity } from '../model/types.js';
import type { Matcher } from './matcher.js';
import type { SubscriptionRow } from './subscription-repository.js';

export interface PeriodicOptions {
  db: Db;
  log: Logger;
  matcher: Matcher;
  /** The loaded subscriptions (the subscription service keeps them current). */
  rows(): SubscriptionRow[];
  /** Wakes the outbox worker after notifications were enqueued. */
  onEnqueued(): void;
  tickMs?: number;
  /** Entities read per page while collecting one notification. */
  pageSize?: number;
}

const due = (r: SubscriptionRow, now: number) =>
  !!r.body.timeInterval && r.body.isActive && !r.paused &&
  (!r.expires_at || new Date(r.expires_at).getTime() > now) &&
  (!r.next_notify_at || new Date(r.next_notify_at).getTime() <= now);

/**
 * Periodic notifications (subscription `timeInterval`, clause 5.2.12): every period, the
 * entities matching the subscription (entities, q, geoQ, the creator's read scope) are put in
 * the notification outbox, whatever changed, and delivered like any notification (retries,
 * status). The claim of a period (`next_notify_at` moved forward, only if it was due) and the
 * outbox rows are one transaction: with several worker processes a period is notified once,
 * and a crash before the commit leaves the period due.
 */
export function startPeriodicNotifier(o: PeriodicOptions) {
  const tickMs = o.tickMs ?? 500;
  const pageSize = o.pageSize ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function notify(sub: SubscriptionRow): Promise<number> {
    const out = await collect(sub);
    // Known only once committed: another process may have claimed the period (then its time is read back).
    sub.next_notify_at = out.next ?? (await o.db.query<{ next_notify_at: Date | null }>(
      'select next_notify_at from ngsi.subscriptions where tenant = $1 and id = $2', [sub.tenant, sub.body.id],
    ))[0]?.next_notify_at ?? new Date(Date.now() + (sub.body.timeInterval ?? 1) * 1000);
    return out.n;
  }

  async function collect(sub: SubscriptionRow): Promise<{ n: number; next: Date | null }> {
    const s = sub.body;
    const test = await o.matcher.filterOf(sub);
    const types = [...new Set((s.entities ?? []).map((x) => x.type).filter((t): t is string => !!t))];
    const ids = s.entities?.every((x) => x.id) ? [...new Set(s.entities.map((x) => x.id!))] : null;
    return o.db.transaction(async (tx) => {
      const claimed = await tx.query<{ next_notify_at: Date }>(
        `update ngsi.subscriptions set next_notify_at = now() + make_interval(secs => time_interval_s)
         where tenant = $1 and id = $2 and time_interval_s is not null and not paused and (next_notify_at is null or next_notify_at <= now())
         returning next_notify_at`,
        [sub.tenant, s.id],
      );
      if (!claimed.length) return { n: 0, next: null };
      const now = Date.now();
      let after = '';
      let n = 0;
      for (;;) {
        const rows = await tx.query<EntityRow>(
          `select ${ENTITY_COLUMNS} from ngsi.entities e
           where e.tenant = $1 and e.id > $2 ${types.length ? 'and e.types && $4::text[]' : ''} ${ids ? `and e.id = any($${types.length ? 5 : 4}::text[])` : ''}
           order by e.id limit $3`,
          [sub.tenant, after, pageSize, ...(types.length ? [types] : []), ...(ids ? [ids] : [])],
        );
        if (!rows.length) break;
        after = rows[rows.length - 1]!.id;
        const hits: StoredEntity[] = rows.map(fromRow).filter((e) => test(e, now));
        if (hits.length) {
          await tx.query(
            `insert into ngsi.notification_outbox (tenant, subscription_id, entity, changed)
             select $1, $2, e::jsonb, '{}'::text[] from unnest($3::text[]) as x(e)`,
            [sub.tenant, s.id, hits.map((e) => JSON.stringify(e))],
          );
          n += hits.length;
        }
        if (rows.length < pageSize) break;
      }
      return { n, next: claimed[0]!.next_notify_at };
    });
  }

  async function tick() {
    const now = Date.now();
    let enqueued = 0;
    for (const sub of o.rows()) {
      if (stopped) return;
      if (!due(sub, now)) continue;
      try {
        enqueued += await notify(sub);
      } catch (err) {
        o.log.error({ err, subscription: sub.body.id }, 'periodic notification failed');
      }
    }
    if (enqueued) o.onEnqueued();
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().catch((err: unknown) => o.log.error({ err }, 'periodic notifier failed')).finally(schedule);
    }, tickMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
