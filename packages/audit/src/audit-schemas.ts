import { Type, type Static } from '@sinclair/typebox';

export const Outcome = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);
export const ActorKind = Type.Union([Type.Literal('user'), Type.Literal('apiKey'), Type.Literal('device'), Type.Literal('system'), Type.Literal('anonymous')]);

export const AuditRecord = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: ActorKind,
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  outcome: Outcome,
  requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecord>;

const filterFields = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Records at or after this instant' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Records before this instant' })),
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'User name, key name or their id' })),
  action: Type.Optional(Type.String({ maxLength: 100, pattern: '^[a-z0-9_.:-]+$', description: 'Exact action, or a prefix ending in a dot (`auth.`)' })),
  outcome: Type.Optional(Outcome),
  objectType: Type.Optional(Type.String({ maxLength: 100 })),
  objectId: Type.Optional(Type.String({ maxLength: 300 })),
};

export const AuditQuery = Type.Object({
  ...filterFields,
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditExportQuery = Type.Object({
  ...filterFields,
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')], { default: 'csv' }),
});
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export type AuditFilter = Omit<AuditQuery, 'limit' | 'offset'>;

export const AuditList = Type.Object({ items: Type.Array(AuditRecord), total: Type.Integer() });

export const VerifyResult = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  headSeq: Type.Union([Type.Integer(), Type.Null()]),
  headHash: Type.Union([Type.String(), Type.Null()]),
  firstBad: Type.Union([Type.Object({ seq: Type.Integer(), reason: Type.String() }), Type.Null()]),
});
export type VerifyResult = Static<typeof VerifyResult>;
