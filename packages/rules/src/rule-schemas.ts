import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Schemas of rules as data, written once: API validation, OpenAPI and the TypeScript types. */

export const Severity = Type.Union([Type.Literal('critical'), Type.Literal('major'), Type.Literal('minor'), Type.Literal('warning')]);
export type Severity = Static<typeof Severity>;
export const SEVERITIES: Severity[] = ['critical', 'major', 'minor', 'warning'];

// Null first: the HTTP layer coerces types, and a null tried against a string branch first would become "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Op = Type.Union([Type.Literal('>'), Type.Literal('>='), Type.Literal('<'), Type.Literal('<=')]);
export type Op = Static<typeof Op>;
const Attribute = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' });
const Seconds = (description: string) => Type.Integer({ minimum: 0, maximum: 31 * 86400, description });

export const ThresholdCondition = Type.Object({
  kind: Type.Literal('threshold'),
  attribute: Type.Optional(Attribute),
  /** JSONata over the entity's attributes giving the value compared (instead of `attribute`). */
  expression: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  op: Op,
  value: Type.Number(),
  hysteresis: Type.Optional(Type.Number({ minimum: 0, description: 'Clears only once the value is back past the threshold by this much (default 0).' })),
  forSeconds: Type.Optional(Seconds('The condition must hold this long before the alarm is raised (default 0).')),
  maxGapSeconds: Type.Optional(Seconds('A pause in data longer than this restarts the duration count (default 3600).')),
}, { additionalProperties: false });

export const RateCondition = Type.Object({
  kind: Type.Literal('rate'),
  attribute: Attribute,
  windowSeconds: Type.Integer({ minimum: 1, maximum: 7 * 86400 }),
  op: Op,
  /** Change of the value over the window (latest minus the oldest sample inside the window). */
  value: Type.Number(),
}, { additionalProperties: false });

export const NoDataCondition = Type.Object({
  kind: Type.Literal('noData'),
  attribute: Type.Optional(Attribute),
  timeoutSeconds: Type.Integer({ minimum: 1, maximum: 31 * 86400 }),
  /** Also raise/clear on the ingestion's `devices.device.offline|online` events. */
  deviceEvents: Type.Optional(Type.Boolean({ description: 'default true' })),
}, { additionalProperties: false });

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 3 });
export const GeofenceCondition = Type.Object({
  kind: Type.Literal('geofence'),
  mode: Type.Union([Type.Literal('inside'), Type.Literal('outside')]),
  area: Type.Union([
    Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position, { minItems: 4 }), { minItems: 1 }) }),
    Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Type.Array(Position, { minItems: 4 }), { minItems: 1 }), { minItems: 1 }) }),
  ]),
}, { additionalProperties: false });

export const CompositeCondition = Type.Object({
  kind: Type.Literal('composite'),
  attribute: Attribute,
  op: Op,
  value: Type.Number(),
  groupBy: Type.Union([Type.Literal('county'), Type.Literal('township')], { description: 'Entities are grouped by their division at this level.' }),
  minCount: Type.Integer({ minimum: 1, maximum: 100000 }),
}, { additionalProperties: false });

export const ExpressionCondition = Type.Object({
  kind: Type.Literal('expression'),
  /** JSONata over `{ attributes, entityId, entityType, observedAt }`; truthy = condition holds. */
  expression: Type.String({ minLength: 1, maxLength: 2000 }),
  attributes: Type.Array(Attribute, { minItems: 1, maxItems: 50, description: 'Attributes whose updates trigger evaluation.' }),
  forSeconds: Type.Optional(Seconds('The condition must hold this long before the alarm is raised (default 0).')),
}, { additionalProperties: false });

/** Kinds contributed by solution packs (standard classifiers): checked against the kind's own schema at save. */
export const PluginCondition = Type.Object({ kind: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: true });

export const BUILTIN_KINDS = ['threshold', 'rate', 'noData', 'geofence', 'composite', 'expression'] as const;
export const Condition = Type.Union([ThresholdCondition, RateCondition, NoDataCondition, GeofenceCondition, CompositeCondition, ExpressionCondition]);
export type BuiltinCondition = Static<typeof Condition>;
export type Condition = BuiltinCondition | ({ kind: string } & Record<string, unknown>);

const HourRange = Type.Object({ from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), to: Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' }) });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const Schedule = Type.Object({
  hours: Type.Optional(Type.Array(HourRange, { maxItems: 24, description: 'Asia/Shanghai wall-clock ranges [from, to); from > to wraps midnight.' })),
  weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7, description: '1 = Monday … 7 = Sunday (Asia/Shanghai).' })),
  dates: Type.Optional(Type.Array(DateText, { maxItems: 1000, description: 'Only on these Asia/Shanghai dates.' })),
  excludeDates: Type.Optional(Type.Array(DateText, { maxItems: 1000, description: 'Never on these dates (holidays).' })),
}, { additionalProperties: false });
export type Schedule = Static<typeof Schedule>;

const Text = Type.Object({ zh: Type.String({ maxLength: 500 }), en: Type.String({ maxLength: 500 }) });

export const RuleDefinition = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  enabled: Type.Boolean({ default: true }),
  severity: Severity,
  entityType: Type.String({ minLength: 1, maxLength: 100 }),
  /** Only entities in this division subtree (GB/T 2260 / NBS code); absent = the whole region. */
  divisionCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' }))),
  /** Only these entities (ids); absent = every entity of the type. */
  entityIds: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 10000 })),
  condition: Type.Union([Condition, PluginCondition]),
  schedule: Type.Optional(Schedule),
  message: Type.Optional(Text),
}, { additionalProperties: false });
export type RuleDefinition = Omit<Static<typeof RuleDefinition>, 'condition'> & { condition: Condition };

export const RuleId = Type.String({ pattern: '^rule_[A-Za-z0-9_-]{1,60}$' });

export const Rule = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  departmentId: Nullable(Type.String()),
  definition: RuleDefinition,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Nullable(Type.String()),
});
export type Rule = Omit<Static<typeof Rule>, 'definition'> & { definition: RuleDefinition };

export const RuleVersion = Type.Object({
  ruleId: Type.String(), version: Type.Integer(), definition: RuleDefinition,
  createdAt: Type.String({ format: 'date-time' }), createdBy: Nullable(Type.String()), change: Type.String(),
});
export type RuleVersion = Omit<Static<typeof RuleVersion>, 'definition'> & { definition: RuleDefinition };

export const CreateRuleBody = Type.Object({
  id: Type.Optional(RuleId),
  departmentId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  definition: RuleDefinition,
});
export const UpdateRuleBody = Type.Object({
  expectedVersion: Type.Integer({ minimum: 1, description: 'The version the edit is based on; a newer one answers 409.' }),
  definition: RuleDefinition,
});
export const ListRulesQuery = Type.Object({
  departmentId: Type.Optional(Type.String()),
  entityType: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  divisionCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: "Rules scoped to exactly this division (a rule without one counts as the region's)." })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const RuleList = Type.Object({ items: Type.Array(Rule), total: Type.Integer() });

export const PreviewBody = Type.Object({
  definition: RuleDefinition,
  hours: Type.Integer({ minimum: 1, maximum: 24 * 31, default: 24 }),
});
export const PreviewFiring = Type.Object({
  entityId: Type.String(),
  raisedAt: Type.String({ format: 'date-time' }),
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  value: Type.Unknown(),
});
export const PreviewResult = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  points: Type.Integer({ description: 'Observations evaluated.' }),
  entities: Type.Integer(),
  firings: Type.Array(PreviewFiring),
  truncated: Type.Boolean(),
});

export const RulesHealth = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('lagging'), Type.Literal('stalled'), Type.Literal('stopped')]),
  rulesLoaded: Type.Integer(),
  queueDepth: Type.Integer(),
  lagMs: Type.Number({ description: 'Time the oldest waiting update has waited (0 when the queue is empty).' }),
  lastProcessedAt: Nullable(Type.String({ format: 'date-time' })),
  pointsProcessed: Type.Integer(),
  signalsEmitted: Type.Integer(),
  lastSnapshotAt: Nullable(Type.String({ format: 'date-time' })),
  historySource: Type.Boolean({ description: 'Whether history can be read (preview, restart tail).' }),
  errors: Type.Array(Type.Object({ ruleId: Type.String(), count: Type.Integer(), lastError: Type.String(), lastAt: Type.String({ format: 'date-time' }) })),
});
