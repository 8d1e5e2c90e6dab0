import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '@zhicheng/kernel';
import type { RuleSignal } from '@zhicheng/rules';
import { ALARM_COLUMNS, toAlarm, type AlarmRow } from './alarm-rows.js';
import type { AlarmEvent } from './alarm-schemas.js';
import { createAlarmsRepository, type HistoryInput } from './alarms-repository.js';
import { divisionPath } from './division-path.js';
import type { EscalationPolicy } from './escalation-policy.js';

const newId = () => `alm_${Date.now().toString(36)}${randomBytes(5).toString('hex')}`;
const key = (s: Pick<RuleSignal, 'ruleId' | 'sourceId'>) => `${s.ruleId}\u0000${s.sourceId}`;

/** Splits signals into rounds in which each (rule, source) appears once, keeping their order per key. */
export function rounds(signals: RuleSignal[]): RuleSignal[][] {
  const out: RuleSignal[][] = [];
  const depth = new Map<string, number>();
  for (const s of signals) {
    const k = key(s);
    const d = depth.get(k) ?? 0;
    depth.set(k, d + 1);
    (out[d] ??= []).push(s);
  }
  return out;
}

/**
 * Turns a batch of rule signals into alarm rows in one transaction: raises upsert (one
 * alarm per rule and source while it lasts; a repeat counts, a cleared-but-unacknowledged
 * alarm reopens), clears close, refreshes move last-seen. Returns the events to publish
 * after the commit.
 */
export async function writeSignals(db: Db, signals: RuleSignal[], policy: EscalationPolicy, now: Date): Promise<AlarmEvent[]> {
  return db.transaction(async (tx) => {
    const events: AlarmEvent[] = [];
    const history: HistoryInput[] = [];
    for (const round of rounds(signals)) {
      const raises = round.filter((s) => s.type === 'raise');
      const clears = round.filter((s) => s.type === 'clear');
      const refreshes = round.filter((s) => s.type === 'refresh');
      if (raises.length) await raise(tx, raises, policy, now, events, history);
      if (clears.length) await clear(tx, clears, now, events, history);
      if (refreshes.length) {
        await tx.query(
          `update alarms.alarms a set last_seen_at = greatest(a.last_seen_at, i.at), value = i.value::jsonb, updated_at = $5
           from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) as i(rule_id, source_id, at, value)
           where a.rule_id = i.rule_id and a.source_id = i.source_id and a.state in ('active_unack', 'active_ack')`,
          [refreshes.map((s) => s.ruleId), refreshes.map((s) => s.sourceId), refreshes.map((s) => s.at), refreshes.map((s) => JSON.stringify(s.value ?? null)), now]);
      }
    }
    await createAlarmsRepository(tx).addHistory(history);
    return events;
  });
}

async function raise(tx: Queryable, raises: RuleSignal[], policy: EscalationPolicy, now: Date, events: AlarmEvent[], history: HistoryInput[]) {
  // One statement: the prior state (same snapshot, before the upsert) tells raised / repeated / reopened apart.
  const rows = await tx.query<AlarmRow & { prior_state: string | null }>(
    `with i as (
       select * from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                            $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::timestamptz[])
         as i(id, rule_id, rule_version, rule_name, source_id, source_type, severity, department_id, rule_department_id, division_code, division_path,
              message, value, reason, at, escalate_at)),
     prior as (
       select a.rule_id, a.source_id, a.state from alarms.alarms a join i on a.rule_id = i.rule_id and a.source_id = i.source_id
       where a.state <> 'cleared_ack'),
     up as (
       insert into alarms.alarms (id, rule_id, rule_version, rule_name, source_id, source_type, severity, state, department_id, rule_department_id,
         division_code, division_path, message, value, reason, count, first_seen_at, last_seen_at, raised_at, escalate_at, updated_at)
       select i.id, i.rule_id, i.rule_version, i.rule_name, i.source_id, i.source_type, i.severity, 'active_unack', i.department_id, i.rule_department_id,
         i.division_code, string_to_array(i.division_path, ','), i.message::jsonb, i.value::jsonb, i.reason, 1, i.at, i.at, $17::timestamptz, i.escalate_at, $17::timestamptz
       from i
       on conflict (rule_id, source_id) where state <> 'cleared_ack' do update set
         count = alarms.alarms.count + 1, last_seen_at = greatest(alarms.alarms.last_seen_at, excluded.last_seen_at),
         value = excluded.value, reason = excluded.reason, severity = excluded.severity, rule_version = excluded.rule_version,
         rule_name = excluded.rule_name, message = excluded.message,
         state = case when alarms.alarms.state = 'cleared_unack' then 'active_unack' else alarms.alarms.state end,
         cleared_at = case when alarms.alarms.state = 'cleared_unack' then null else alarms.alarms.cleared_at end,
         cleared_by = case when alarms.alarms.state = 'cleared_unack' then null else alarms.alarms.cleared_by end,
         escalate_at = case when alarms.alarms.state = 'cleared_unack' then excluded.escalate_at else alarms.alarms.escalate_at end,
         updated_at = excluded.updated_at
       returning ${ALARM_COLUMNS})
     select up.*, prior.state as prior_state from up left join prior on prior.rule_id = up.rule_id and prior.source_id = up.source_id`,
    [raises.map(() => newId()), raises.map((s) => s.ruleId), raises.map((s) => s.ruleVersion), raises.map((s) => s.ruleName), raises.map((s) => s.sourceId),
      raises.map((s) => s.sourceType), raises.map((s) => s.severity), raises.map((s) => s.departmentId), raises.map((s) => s.ruleDepartmentId),
      raises.map((s) => s.divisionCode), raises.map((s) => divisionPath(s.divisionCode).join(',')), raises.map((s) => (s.message ? JSON.stringify(s.message) : null)),
      raises.map((s) => JSON.stringify(s.value ?? null)), raises.map((s) => s.reason), raises.map((s) => s.at),
      raises.map((s) => new Date(now.getTime() + policy[s.severity] * 60_000).toISOString()), now]);
  const bySource = new Map(raises.map((s) => [key(s), s]));
  for (const r of rows) {
    const before = r.prior_state;
    const action = before === null ? 'raised' : before === 'cleared_unack' ? 'reopened' : 'repeated';
    const s = bySource.get(key({ ruleId: r.rule_id, sourceId: r.source_id }))!;
    history.push({ alarmId: r.id, at: now, action, fromState: before, toState: r.state, actor: `rule:${r.rule_id}`, detail: { value: s.value ?? null, reason: s.reason, observedAt: s.at } });
    const { prior_state: _p, ...row } = r;
    events.push({ action, alarm: toAlarm(row), actor: `rule:${r.rule_id}`, observedAt: s.at });
  }
}

async function clear(tx: Queryable, clears: RuleSignal[], now: Date, events: AlarmEvent[], history: HistoryInput[]) {
  const rows = await tx.query<AlarmRow & { from_state: string }>(
    `update alarms.alarms a set state = case a.state when 'active_unack' then 'cleared_unack' else 'cleared_ack' end,
       cleared_at = $5, cleared_by = 'rule', escalate_at = null, updated_at = $5, value = i.value::jsonb,
       last_seen_at = a.last_seen_at
     from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) as i(rule_id, source_id, at, value)
     where a.rule_id = i.rule_id and a.source_id = i.source_id and a.state in ('active_unack', 'active_ack')
     returning ${ALARM_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1a.$2')}, case a.state when 'cleared_unack' then 'active_unack' else 'active_ack' end as from_state`,
    [clears.map((s) => s.ruleId), clears.map((s) => s.sourceId), clears.map((s) => s.at), clears.map((s) => JSON.stringify(s.value ?? null)), now]);
  const bySource = new Map(clears.map((s) => [key(s), s]));
  for (const r of rows) {
    const s = bySource.get(key({ ruleId: r.rule_id, sourceId: r.source_id }))!;
    history.push({ alarmId: r.id, at: now, action: 'cleared', fromState: r.from_state, toState: r.state, actor: `rule:${r.rule_id}`, detail: { reason: s.reason, observedAt: s.at, value: s.value ?? null } });
    events.push({ action: 'cleared', alarm: toAlarm(r), actor: `rule:${r.rule_id}`, observedAt: s.at });
  }
}
