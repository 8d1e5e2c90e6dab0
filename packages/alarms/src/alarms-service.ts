import { auditServiceKey, SYSTEM_ACTOR } from '@zhicheng/audit';
import { badRequest, conflict, notFound, serviceKey, type ModuleContext } from '@zhicheng/kernel';
import { authzKey, type RuleSignal } from '@zhicheng/rules';
import type { FastifyRequest } from 'fastify';
import type { Alarm, AlarmEvent, AlarmHistoryEntry, ListAlarmsQuery } from './alarm-schemas.js';
import { createAlarmsRepository } from './alarms-repository.js';
import { parseEscalationPolicy } from './escalation-policy.js';
import { writeSignals } from './signal-writer.js';

export interface AlarmsService {
  list(req: FastifyRequest, q: ListAlarmsQuery): Promise<{ items: Alarm[]; total: number }>;
  get(req: FastifyRequest, id: string): Promise<Alarm>;
  history(req: FastifyRequest, id: string): Promise<AlarmHistoryEntry[]>;
  acknowledge(req: FastifyRequest, id: string, comment?: string): Promise<Alarm>;
  clear(req: FastifyRequest, id: string, comment?: string): Promise<Alarm>;
  assign(req: FastifyRequest, id: string, assignee: string | null, comment?: string): Promise<Alarm>;
  comment(req: FastifyRequest, id: string, comment: string): Promise<Alarm>;
  /** Writes a batch of rule signals (raise/clear/refresh) and publishes the resulting events. */
  applySignals(signals: RuleSignal[]): Promise<AlarmEvent[]>;
  /** Escalates unacknowledged alarms past their deadline (the timer calls it; tests call it with their clock). */
  escalateDue(): Promise<Alarm[]>;
}

export const alarmsServiceKey = serviceKey<AlarmsService>('alarms');

/** The port onto identity's user directory (provided under the same name by @zhicheng/identity). */
interface UserDirectory {
  activeUser(id: string): Promise<{ id: string; displayName: string } | null>;
}
const userDirectoryKey = serviceKey<UserDirectory>('identity.userDirectory');

export const ALARM_SUBJECT = (action: AlarmEvent['action']) =>
  `alarms.alarm.${action === 'reopened' ? 'raised' : action === 'repeated' || action === 'assigned' || action === 'commented' ? 'updated' : action}`;

/**
 * Alarm lifecycle: active-unacknowledged → acknowledged → cleared (or cleared-unacknowledged),
 * with assignee, comments and a history row per transition; visible only within the caller's
 * scope (filtered in SQL); every change by a person audited and published on the bus.
 */
export function createAlarmsService(ctx: ModuleContext, now: () => Date): AlarmsService {
  const repo = createAlarmsRepository(ctx.db);
  const policy = parseEscalationPolicy(ctx.config.ZC_ALARM_ESCALATION_MINUTES);
  const authz = () => ctx.services.get(authzKey);
  const audit = () => ctx.services.get(auditServiceKey);
  const directory = () => ctx.services.get(userDirectoryKey);
  const actorOf = (req: FastifyRequest) => req.principal?.name ?? null;
  const publish = async (events: AlarmEvent[]) => {
    for (const e of events) await ctx.bus.publish(ALARM_SUBJECT(e.action), e);
  };

  const visible = async (req: FastifyRequest, id: string, permission: string) => {
    const a = await repo.get(id);
    if (!a || !(await authz().canAccess(req.principal, permission, { departmentId: a.departmentId, divisionCode: a.divisionCode }))) {
      throw notFound('ERR_ALARMS_NOT_FOUND', `Alarm ${id} does not exist or is not yours to see.`);
    }
    return a;
  };

  /** One user-driven change: guarded update, history row, audit record, bus event. */
  const change = async (req: FastifyRequest, id: string, action: AlarmEvent['action'], set: string, where: string, params: unknown[], comment: string | null, conflictCode: string, conflictText: string, detail: Record<string, unknown> = {}) => {
    const before = await visible(req, id, 'alarms:ack');
    const at = now();
    const alarm = await ctx.db.transaction(async (tx) => {
      const r = createAlarmsRepository(tx);
      const updated = await r.update(id, set, where, [at, ...params]);
      if (!updated) return null;
      await r.addHistory([{ alarmId: id, at, action, fromState: before.state, toState: updated.state, actor: actorOf(req), comment, detail }]);
      return updated;
    });
    if (!alarm) {
      await audit().record({ action: `alarms.alarm.${action}`, outcome: 'failure', objectType: 'alarm', objectId: id, detail: { reason: conflictCode } }, req);
      throw conflict(conflictCode, conflictText);
    }
    await audit().record({ action: `alarms.alarm.${action}`, outcome: 'success', objectType: 'alarm', objectId: id, detail: { from: before.state, to: alarm.state, ...detail } }, req);
    await publish([{ action, alarm, actor: actorOf(req) }]);
    return alarm;
  };

  return {
    async list(req, q) {
      const scope = await authz().sqlFilter(req.principal, 'alarms:read', { departmentColumn: 'a.department_id', divisionColumn: 'a.division_code', firstParam: 1 });
      return repo.list(q, scope);
    },
    get: (req, id) => visible(req, id, 'alarms:read'),
    async history(req, id) {
      await visible(req, id, 'alarms:read');
      return repo.history(id);
    },
    acknowledge: (req, id, comment) => change(req, id, 'acknowledged',
      "state = case state when 'active_unack' then 'active_ack' else 'cleared_ack' end, acknowledged_at = $2, acknowledged_by = $3, escalate_at = null",
      "state in ('active_unack', 'cleared_unack')", [actorOf(req)], comment ?? null, 'ERR_ALARMS_ALREADY_ACKNOWLEDGED', `Alarm ${id} is already acknowledged.`),
    clear: (req, id, comment) => change(req, id, 'cleared',
      "state = case state when 'active_unack' then 'cleared_unack' else 'cleared_ack' end, cleared_at = $2, cleared_by = $3, escalate_at = null",
      "state in ('active_unack', 'active_ack')", [actorOf(req)], comment ?? null, 'ERR_ALARMS_ALREADY_CLEARED', `Alarm ${id} is already cleared.`),
    assign: async (req, id, assignee, comment) => {
      // An assignee must be an active account (who sees the alarm only if their own scope allows).
      if (assignee !== null && !(await directory().activeUser(assignee))) {
        throw badRequest('ERR_ALARMS_ASSIGNEE_UNKNOWN', `No active user has the id ${assignee}; choose a colleague from the list.`);
      }
      return change(req, id, 'assigned', 'assignee = $3', "state <> 'cleared_ack'", [assignee], comment ?? null,
      'ERR_ALARMS_CLOSED', `Alarm ${id} is closed (cleared and acknowledged).`, { assignee });
    },
    comment: (req, id, comment) => change(req, id, 'commented', 'assignee = assignee', 'true', [], comment, 'ERR_ALARMS_NOT_FOUND', `Alarm ${id} does not exist.`),

    async applySignals(signals) {
      const events = await writeSignals(ctx.db, signals, policy, now());
      await publish(events);
      return events;
    },

    async escalateDue() {
      const at = now();
      const escalated = await ctx.db.transaction(async (tx) => {
        const r = createAlarmsRepository(tx);
        const rows = await r.escalateDue(at, policy, ctx.config.ZC_ALARM_ESCALATION_MAX_LEVEL);
        await r.addHistory(rows.map((a) => ({ alarmId: a.id, at, action: 'escalated' as const, fromState: a.state, toState: a.state, actor: 'system', detail: { level: a.escalationLevel } })));
        return rows;
      });
      for (const a of escalated) {
        await audit().record({ action: 'alarms.alarm.escalated', outcome: 'success', objectType: 'alarm', objectId: a.id, actor: SYSTEM_ACTOR, detail: { level: a.escalationLevel, severity: a.severity } });
      }
      await publish(escalated.map((alarm) => ({ action: 'escalated' as const, alarm, actor: 'system' })));
      return escalated;
    },
  };
}
