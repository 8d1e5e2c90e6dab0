import type { Queryable } from '@zhicheng/kernel';
import { ALARM_COLUMNS, toAlarm, type AlarmRow } from './alarm-rows.js';
import type { Alarm, AlarmHistoryEntry, ListAlarmsQuery } from './alarm-schemas.js';

export interface HistoryInput {
  alarmId: string;
  at: Date;
  action: AlarmHistoryEntry['action'];
  fromState: string | null;
  toState: string | null;
  actor: string | null;
  comment?: string | null;
  detail?: Record<string, unknown>;
}

export function createAlarmsRepository(db: Queryable) {
  return {
    /** `scope` is the authorisation filter over `a.department_id` / `a.division_code`, parameters numbered from 1. */
    async list(q: ListAlarmsQuery, scope: { sql: string; params: unknown[] }): Promise<{ items: Alarm[]; total: number }> {
      const params = [...scope.params];
      const where = [scope.sql];
      if (q.severity) where.push(`a.severity = any($${params.push(q.severity.split(','))}::text[])`);
      if (q.state) where.push(`a.state = any($${params.push(q.state.split(','))}::text[])`);
      if (q.active !== undefined) where.push(q.active ? "a.state in ('active_unack', 'active_ack')" : "a.state in ('cleared_unack', 'cleared_ack')");
      if (q.acknowledged !== undefined) where.push(q.acknowledged ? "a.state in ('active_ack', 'cleared_ack')" : "a.state in ('active_unack', 'cleared_unack')");
      if (q.division) where.push(`a.division_path @> array[$${params.push(q.division)}::text]`);
      if (q.departmentId) where.push(`a.department_id = $${params.push(q.departmentId)}`);
      if (q.ruleId) where.push(`a.rule_id = $${params.push(q.ruleId)}`);
      if (q.sourceId) where.push(`a.source_id = $${params.push(q.sourceId)}`);
      if (q.from) where.push(`a.raised_at >= $${params.push(new Date(q.from))}`);
      if (q.to) where.push(`a.raised_at < $${params.push(new Date(q.to))}`);
      const w = where.join(' and ');
      const rows = await db.query<AlarmRow & { total: number }>(
        `select ${ALARM_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1a.$2')}, count(*) over ()::int as total from alarms.alarms a where ${w}
         order by a.raised_at desc, a.id limit $${params.push(q.limit)} offset $${params.push(q.offset)}`, params);
      const total = rows[0]?.total ?? (q.offset > 0 ? (await db.query<{ n: number }>(`select count(*)::int as n from alarms.alarms a where ${w}`, params.slice(0, -2)))[0]!.n : 0);
      return { items: rows.map(toAlarm), total };
    },

    async get(id: string): Promise<Alarm | null> {
      const [r] = await db.query<AlarmRow>(`select ${ALARM_COLUMNS} from alarms.alarms where id = $1`, [id]);
      return r ? toAlarm(r) : null;
    },

    /** Runs an UPDATE … RETURNING of alarm rows; `set` and `where` use the given parameters. */
    async update(id: string, set: string, where: string, params: unknown[]): Promise<Alarm | null> {
      const [r] = await db.query<AlarmRow>(`update alarms.alarms set ${set}, updated_at = $2 where id = $1 and ${where} returning ${ALARM_COLUMNS}`, [id, ...params]);
      return r ? toAlarm(r) : null;
    },

    async history(id: string): Promise<AlarmHistoryEntry[]> {
      const rows = await db.query<{ id: number; at: Date; action: string; from_state: string | null; to_state: string | null; actor: string | null; comment: string | null; detail: Record<string, unknown> }>(
        'select id, at, action, from_state, to_state, actor, comment, detail from alarms.alarm_history where alarm_id = $1 order by id', [id]);
      return rows.map((r) => ({ id: r.id, at: r.at.toISOString(), action: r.action, fromState: r.from_state, toState: r.to_state, actor: r.actor, comment: r.comment, detail: r.detail }));
    },

    async addHistory(rows: HistoryInput[]): Promise<void> {
      if (!rows.length) return;
      await db.query(
        `insert into alarms.alarm_history (alarm_id, at, action, from_state, to_state, actor, comment, detail)
         select h.alarm_id, h.at, h.action, h.from_state, h.to_state, h.actor, h.comment, h.detail::jsonb
         from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           as h(alarm_id, at, action, from_state, to_state, actor, comment, detail)`,
        [rows.map((r) => r.alarmId), rows.map((r) => r.at.toISOString()), rows.map((r) => r.action), rows.map((r) => r.fromState), rows.map((r) => r.toState),
          rows.map((r) => r.actor), rows.map((r) => r.comment ?? null), rows.map((r) => JSON.stringify(r.detail ?? {}))]);
    },

    /** Unacknowledged active alarms past their deadline climb one level; returns them. */
    async escalateDue(now: Date, minutesBySeverity: Record<string, number>, maxLevel: number): Promise<Alarm[]> {
      const rows = await db.query<AlarmRow>(
        `update alarms.alarms set escalation_level = escalation_level + 1, updated_at = $1,
           escalate_at = case when escalation_level + 1 >= $3 then null
                              else $1::timestamptz + make_interval(mins => ($2::jsonb ->> severity)::int) end
         where state = 'active_unack' and escalate_at <= $1 and escalation_level < $3
         returning ${ALARM_COLUMNS}`,
        [now, JSON.stringify(minutesBySeverity), maxLevel]);
      return rows.map(toAlarm);
    },
  };
}
