import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Null first: the HTTP layer coerces types, and a null tried against a string branch first would become "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const Thresholds = Type.Object({
  direction: Type.Union([Type.Literal('higherIsBetter'), Type.Literal('lowerIsBetter')]),
  warning: Type.Number(),
  critical: Type.Number(),
});
export type Thresholds = Static<typeof Thresholds>;

export const IndicatorDefinition = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,60}$' }),
  name: Text,
  description: Nullable(Text),
  unit: Type.String({ maxLength: 20 }),
  ownerDepartmentId: Nullable(Type.String()),
  source: Type.Object({ provider: Type.String(), params: Type.Record(Type.String(), Type.Unknown()) }),
  perCounty: Type.Boolean(),
  thresholds: Nullable(Thresholds),
  refreshSeconds: Type.Integer({ minimum: 10 }),
  enabled: Type.Boolean(),
});
export type IndicatorDefinition = Static<typeof IndicatorDefinition>;

export const Status = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('critical'), Type.Literal('no_data')]);
export type Status = Static<typeof Status>;

export const IndicatorValue = Type.Object({
  value: Nullable(Type.Number()),
  status: Status,
  at: Type.String({ format: 'date-time' }),
  detail: Type.Record(Type.String(), Type.Unknown(), { description: 'Numerator/denominator, the reason for no data, …' }),
});
export type IndicatorValue = Static<typeof IndicatorValue>;

export const IndicatorCurrent = Type.Composite([
  Type.Omit(IndicatorDefinition, ['source', 'refreshSeconds', 'enabled']),
  Type.Object({
    provider: Type.String(),
    current: Nullable(IndicatorValue),
    counties: Type.Array(Type.Composite([Type.Object({ code: Type.String() }), IndicatorValue])),
  }),
]);

export const HistoryQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  scope: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'A county code; default the whole region.' })),
  limit: Type.Integer({ minimum: 1, maximum: 10000, default: 1000 }),
});
