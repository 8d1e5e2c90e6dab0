import type { Queryable } from '@zhicheng/kernel';
import type { Severity } from '@zhicheng/rules';
import type { Webhook } from './notify-schemas.js';

interface WebhookRow {
  id: string; name: string; url: string; secret: string; department_id: string | null; division_code: string | null;
  min_severity: Severity; events: string[]; enabled: boolean; created_by: string | null; created_at: Date;
}
export interface OutboxRow {
  id: string; webhook_id: string; event: string; body: string; attempts: number; url: string; secret: string;
}

const toWebhook = (r: WebhookRow): Webhook => ({
  id: r.id, name: r.name, url: r.url, departmentId: r.department_id, divisionCode: r.division_code, minSeverity: r.min_severity,
  events: r.events, enabled: r.enabled, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
});

const RANK: Record<Severity, number> = { critical: 4, major: 3, minor: 2, warning: 1 };

export function createWebhookRepository(db: Queryable) {
  return {
    async create(w: Omit<Webhook, 'enabled' | 'createdAt'> & { secret: string }, at: Date): Promise<Webhook> {
      const [r] = await db.query<WebhookRow>(
        `insert into notify.webhooks (id, name, url, secret, department_id, division_code, min_severity, events, enabled, created_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, $9, $10) returning *`,
        [w.id, w.name, w.url, w.secret, w.departmentId, w.divisionCode, w.minSeverity, w.events, w.createdBy, at]);
      return toWebhook(r!);
    },
    async list(scope: { sql: string; params: unknown[] }): Promise<Webhook[]> {
      return (await db.query<WebhookRow>(`select * from notify.webhooks w where ${scope.sql} order by created_at, id`, scope.params)).map(toWebhook);
    },
    async get(id: string): Promise<Webhook | null> {
      const [r] = await db.query<WebhookRow>('select * from notify.webhooks where id = $1', [id]);
      return r ? toWebhook(r) : null;
    },
    async remove(id: string): Promise<void> {
      await db.query('delete from notify.webhooks where id = $1', [id]);
    },
    /** Enabled webhooks interested in this event about an alarm of this severity, area and department. */
    async matching(event: string, severity: Severity, divisionPath: string[], departmentId: string | null): Promise<Webhook[]> {
      const rows = await db.query<WebhookRow>(
        `select * from notify.webhooks where enabled and $1 = any(events)
           and (division_code is null or division_code = any($2::text[])) and (department_id is null or department_id = $3)`,
        [event, divisionPath, departmentId]);
      return rows.filter((r) => RANK[severity] >= RANK[r.min_severity]).map(toWebhook);
    },
    async enqueue(rows: { id: string; webhookId: string; event: string; body: string }[], at: Date): Promise<void> {
      if (!rows.length) return;
      await db.query(
        `insert into notify.webhook_outbox (id, webhook_id, event, body, attempts, next_attempt_at, status, created_at)
         select i.id, i.webhook_id, i.event, i.body, 0, $5, 'pending', $5 from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as i(id, webhook_id, event, body)`,
        [rows.map((r) => r.id), rows.map((r) => r.webhookId), rows.map((r) => r.event), rows.map((r) => r.body), at]);
    },
    /** Claims due calls for `leaseMs` (another worker skips them meanwhile) and returns them with their webhook's URL and key. */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
      return db.query<OutboxRow>(
        `with due as (
           select id from notify.webhook_outbox where status = 'pending' and next_attempt_at <= $1
           order by next_attempt_at limit $3 for update skip locked)
         update notify.webhook_outbox o set next_attempt_at = $2 from due, notify.webhooks w
         where o.id = due.id and w.id = o.webhook_id
         returning o.id, o.webhook_id, o.event, o.body, o.attempts, w.url, w.secret`,
        [now, new Date(now.getTime() + leaseMs), limit]);
    },
    async recordAttempt(o: OutboxRow, attempt: number, at: Date, result: { ok: boolean; statusCode: number | null; error: string | null; durationMs: number }, next: Date | null): Promise<void> {
      await db.query('insert into notify.webhook_deliveries (outbox_id, webhook_id, attempt, at, status_code, error, duration_ms) values ($1, $2, $3, $4, $5, $6, $7)',
        [o.id, o.webhook_id, attempt, at, result.statusCode, result.error, result.durationMs]);
      await db.query(
        `update notify.webhook_outbox set attempts = $2, last_error = $3,
           status = case when $4::boolean then 'delivered' when $5::timestamptz is null then 'dead' else 'pending' end,
           delivered_at = case when $4::boolean then $6::timestamptz else null end, next_attempt_at = coalesce($5::timestamptz, next_attempt_at)
         where id = $1`,
        [o.id, attempt, result.error, result.ok, next, at]);
    },
    async deliveries(webhookId: string, limit: number) {
      const rows = await db.query<{ outbox_id: string; attempt: number; at: Date; status_code: number | null; error: string | null; duration_ms: number }>(
        'select outbox_id, attempt, at, status_code, error, duration_ms from notify.webhook_deliveries where webhook_id = $1 order by id desc limit $2', [webhookId, limit]);
      return rows.map((r) => ({ outboxId: r.outbox_id, attempt: r.attempt, at: r.at.toISOString(), statusCode: r.status_code, error: r.error, durationMs: r.duration_ms }));
    },
    async outboxStatus(webhookId: string) {
      return db.query<{ id: string; status: string; attempts: number; next_attempt_at: Date; last_error: string | null }>(
        'select id, status, attempts, next_attempt_at, last_error from notify.webhook_outbox where webhook_id = $1 order by created_at, id', [webhookId]);
    },
  };
}
