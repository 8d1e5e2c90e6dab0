import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Severity } from '@zhicheng/rules';

// Null first: the HTTP layer coerces types, and a null tried against a string branch first would become "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Time = Type.String({ format: 'date-time' });

export const AlarmState = Type.Union([Type.Literal('active_unack'), Type.Literal('active_ack'), Type.Literal('cleared_unack'), Type.Literal('cleared_ack')]);
export type AlarmState = Static<typeof AlarmState>;

export const Alarm = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleVersion: Type.Integer(),
  ruleName: Type.String(),
  sourceId: Type.String({ description: 'Entity id, or division:<code> for composite rules.' }),
  sourceType: Type.String(),
  severity: Severity,
  state: AlarmState,
  active: Type.Boolean(),
  acknowledged: Type.Boolean(),
  departmentId: Nullable(Type.String()),
  ruleDepartmentId: Nullable(Type.String()),
  divisionCode: Nullable(Type.String()),
  divisionPath: Type.Array(Type.String()),
  message: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
  value: Type.Unknown(),
  reason: Nullable(Type.String()),
  count: Type.Integer({ description: 'Times the condition was raised while this alarm lasted.' }),
  firstSeenAt: Time,
  lastSeenAt: Time,
  raisedAt: Time,
  acknowledgedAt: Nullable(Time),
  acknowledgedBy: Nullable(Type.String()),
  clearedAt: Nullable(Time),
  clearedBy: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  escalateAt: Nullable(Time),
  caseId: Nullable(Type.String()),
  updatedAt: Time,
});
export type Alarm = Static<typeof Alarm>;

export const AlarmHistoryEntry = Type.Object({
  id: Type.Integer(),
  at: Time,
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Nullable(Type.String()),
  actor: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type AlarmHistoryEntry = Static<typeof AlarmHistoryEntry>;

const csv = (pattern: string, description: string) => Type.Optional(Type.String({ pattern: `^${pattern}(,${pattern})*$`, description }));
export const ListAlarmsQuery = Type.Object({
  severity: csv('(critical|major|minor|warning)', 'Comma list of severities.'),
  state: csv('(active_unack|active_ack|cleared_unack|cleared_ack)', 'Comma list of states.'),
  active: Type.Optional(Type.Boolean()),
  acknowledged: Type.Optional(Type.Boolean()),
  division: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'Alarms in this division or below it (county, township…).' })),
  departmentId: Type.Optional(Type.String({ maxLength: 100 })),
  ruleId: Type.Optional(Type.String({ maxLength: 100 })),
  sourceId: Type.Optional(Type.String({ maxLength: 300 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Raised at or after.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Raised before.' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});
export type ListAlarmsQuery = Static<typeof ListAlarmsQuery>;

export const AlarmList = Type.Object({ items: Type.Array(Alarm), total: Type.Integer() });
export const AlarmIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export const CommentBody = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 4000 }) });
export const AssignBody = Type.Object({ assignee: Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'User id; null unassigns.' })), comment: Type.Optional(Type.String({ maxLength: 4000 })) });
export const TransitionBody = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 4000 })) });

/** What `alarms.alarm.*` bus events carry. */
export interface AlarmEvent {
  action: 'raised' | 'reopened' | 'repeated' | 'acknowledged' | 'assigned' | 'commented' | 'cleared' | 'escalated';
  alarm: Alarm;
  actor: string | null;
  /** Observation time of the evidence that caused it (raise/clear by a rule). */
  observedAt?: string;
}
