import { randomBytes } from 'node:crypto';
import type { Queryable } from '@zhicheng/kernel';
import type { Notification, Preferences } from './notify-schemas.js';

interface PrefRow {
  user_id: string; language: 'zh-CN' | 'en'; email: string | null; phone: string | null; department_id: string | null; division_code: string | null;
  min_escalation_level: number; channels: Preferences['channels']; quiet_from: string | null; quiet_to: string | null; max_per_hour: number | null;
}

export interface Recipient extends Preferences {
  userId: string;
}

const toPrefs = (r: PrefRow): Recipient => ({
  userId: r.user_id, language: r.language, email: r.email, phone: r.phone, departmentId: r.department_id, divisionCode: r.division_code,
  minEscalationLevel: r.min_escalation_level, channels: r.channels, quietHours: r.quiet_from && r.quiet_to ? { from: r.quiet_from, to: r.quiet_to } : null,
  maxPerHour: r.max_per_hour,
});

export interface NotificationInput {
  userId: string | null;
  channel: 'console' | 'email' | 'sms' | 'webhook';
  event: string;
  alarmId: string | null;
  language: string | null;
  recipient: string | null;
  subject: string | null;
  body: string | null;
  status: Notification['status'];
  error?: string | null;
  at: Date;
}

export const newId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;

export function createNotifyRepository(db: Queryable) {
  return {
    async preferences(userId: string): Promise<Recipient | null> {
      const [r] = await db.query<PrefRow>('select * from notify.preferences where user_id = $1', [userId]);
      return r ? toPrefs(r) : null;
    },

    async savePreferences(userId: string, p: Preferences, at: Date): Promise<void> {
      await db.query(
        `insert into notify.preferences (user_id, language, email, phone, department_id, division_code, min_escalation_level, channels, quiet_from, quiet_to, updated_at, max_per_hour)
         values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12)
         on conflict (user_id) do update set language = excluded.language, email = excluded.email, phone = excluded.phone,
           department_id = excluded.department_id, division_code = excluded.division_code, min_escalation_level = excluded.min_escalation_level,
           channels = excluded.channels, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, updated_at = excluded.updated_at, max_per_hour = excluded.max_per_hour`,
        [userId, p.language, p.email, p.phone, p.departmentId, p.divisionCode, p.minEscalationLevel, JSON.stringify(p.channels), p.quietHours?.from ?? null, p.quietHours?.to ?? null, at, p.maxPerHour ?? null]);
    },

    /** Users who asked for alarms of this area and department at exactly this escalation level. */
    async recipients(alarm: { divisionPath: string[]; departmentId: string | null }, level: number): Promise<Recipient[]> {
      const rows = await db.query<PrefRow>(
        `select * from notify.preferences
         where min_escalation_level = $1 and (division_code is null or division_code = any($2::text[]))
           and (department_id is null or department_id = $3)`,
        [level, alarm.divisionPath, alarm.departmentId]);
      return rows.map(toPrefs);
    },

    /** Notifications counted against the hourly limit of a user and channel. */
    async sentSince(userId: string, channel: string, since: Date): Promise<number> {
      const [r] = await db.query<{ n: number }>(
        "select count(*)::int as n from notify.notifications where user_id = $1 and channel = $2 and created_at >= $3 and status in ('sent', 'logged')",
        [userId, channel, since]);
      return r?.n ?? 0;
    },

    async record(n: NotificationInput): Promise<string> {
      const id = newId('ntf');
      const sent = n.status === 'sent' || n.status === 'logged';
      await db.query(
        `insert into notify.notifications (id, user_id, channel, event, alarm_id, language, recipient, subject, body, status, error, created_at, sent_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [id, n.userId, n.channel, n.event, n.alarmId, n.language, n.recipient, n.subject, n.body, n.status, n.error ?? null, n.at, sent ? n.at : null]);
      return id;
    },

    async listFor(userId: string, limit: number, offset: number): Promise<{ items: Notification[]; total: number }> {
      const rows = await db.query<{ id: string; user_id: string | null; channel: string; event: string; alarm_id: string | null; language: string | null; recipient: string | null; subject: string | null; status: string; error: string | null; created_at: Date; sent_at: Date | null; total: number }>(
        `select id, user_id, channel, event, alarm_id, language, recipient, subject, status, error, created_at, sent_at, count(*) over ()::int as total
         from notify.notifications where user_id = $1 order by created_at desc, id limit $2 offset $3`, [userId, limit, offset]);
      return {
        total: rows[0]?.total ?? 0,
        items: rows.map((r) => ({ id: r.id, userId: r.user_id, channel: r.channel, event: r.event, alarmId: r.alarm_id, language: r.language, recipient: r.recipient, subject: r.subject, status: r.status, error: r.error, createdAt: r.created_at.toISOString(), sentAt: r.sent_at?.toISOString() ?? null })),
      };
    },
  };
}
