import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Severity } from '@zhicheng/rules';

// Null first: the HTTP layer coerces types, and a null tried against a string branch first would become "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Time = Type.String({ format: 'date-time' });
const HHMM = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });

export const Channel = Type.Union([Type.Literal('console'), Type.Literal('email'), Type.Literal('sms')]);
export type Channel = Static<typeof Channel>;
const Channels = Type.Array(Channel, { maxItems: 3, uniqueItems: true });

export const Preferences = Type.Object({
  language: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]),
  email: Nullable(Type.String({ format: 'email', maxLength: 200 })),
  phone: Nullable(Type.String({ pattern: '^\\+?\\d{6,20}$' })),
  departmentId: Nullable(Type.String({ maxLength: 100 })),
  divisionCode: Nullable(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' })),
  minEscalationLevel: Type.Integer({ minimum: 0, maximum: 10, description: '0 = told when an alarm is raised; n = told when it escalates to level n.' }),
  channels: Type.Object({ critical: Channels, major: Channels, minor: Channels, warning: Channels }),
  quietHours: Nullable(Type.Object({ from: HHMM, to: HHMM }, { description: 'Asia/Shanghai; only critical alarms reach e-mail and SMS inside them.' })),
  maxPerHour: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000, description: 'My own limit of messages per channel and hour; null = the platform limit (ZC_NOTIFY_RATE_PER_HOUR), which it can only lower.' }))),
});
export type Preferences = Static<typeof Preferences>;

export const DEFAULT_PREFERENCES: Preferences = {
  language: 'zh-CN', email: null, phone: null, departmentId: null, divisionCode: null, minEscalationLevel: 0,
  channels: { critical: ['console', 'email', 'sms'], major: ['console', 'email'], minor: ['console'], warning: ['console'] }, quietHours: null, maxPerHour: null,
};

export const Notification = Type.Object({
  id: Type.String(), userId: Nullable(Type.String()), channel: Type.String(), event: Type.String(), alarmId: Nullable(Type.String()),
  language: Nullable(Type.String()), recipient: Nullable(Type.String()), subject: Nullable(Type.String()), status: Type.String(),
  error: Nullable(Type.String()), createdAt: Time, sentAt: Nullable(Time),
});
export type Notification = Static<typeof Notification>;

export const WEBHOOK_EVENTS = ['alarms.alarm.raised', 'alarms.alarm.acknowledged', 'alarms.alarm.cleared', 'alarms.alarm.escalated', 'alarms.alarm.updated'] as const;

export const CreateWebhookBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ minLength: 8, maxLength: 2000 }),
  departmentId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  divisionCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' }))),
  minSeverity: Type.Optional(Severity),
  events: Type.Optional(Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, uniqueItems: true })),
});

export const Webhook = Type.Object({
  id: Type.String(), name: Type.String(), url: Type.String(), departmentId: Nullable(Type.String()), divisionCode: Nullable(Type.String()),
  minSeverity: Severity, events: Type.Array(Type.String()), enabled: Type.Boolean(), createdBy: Nullable(Type.String()), createdAt: Time,
});
export type Webhook = Static<typeof Webhook>;
export const CreatedWebhook = Type.Composite([Webhook, Type.Object({ secret: Type.String({ description: 'HMAC-SHA256 key; shown only now.' }) })]);

export const Delivery = Type.Object({
  outboxId: Type.String(), attempt: Type.Integer(), at: Time, statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()), durationMs: Type.Integer(),
});
