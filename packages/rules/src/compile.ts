import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { Value } from '@sinclair/typebox/value';
import { badRequest } from '@zhicheng/kernel';
import { compileExpression } from './conditions/expression.js';
import { compareWithHysteresis, holds, toNumber } from './conditions/compare.js';
import { Condition as BuiltinConditionSchema, type BuiltinCondition, type Rule, type Schedule, type Severity } from './rule-schemas.js';
import type { EntityUpdate, RuleKindPlugin, Verdict } from './types.js';

/** Per (rule, entity) memory of the engine; plain data so it snapshots as JSON. */
export interface RuleEntityState {
  active: boolean;
  /** Epoch ms since when the raise condition has held (duration rules). */
  pendingSince: number | null;
  /** Epoch ms of the last observation evaluated. */
  lastAt: number;
  lastValue: unknown;
  /** Rate rules: flat [t0, v0, t1, v1, …] inside the window. */
  window?: number[];
  /** Epoch ms of the last signal sent (refresh pacing). */
  signalledAt?: number;
  departmentId?: string | null;
  divisionCode?: string | null;
}

export const LOCATION = '@location';
export const ANY = '*';

export interface CompiledRule {
  id: string;
  version: number;
  name: string;
  departmentId: string | null;
  severity: Severity;
  entityType: string;
  divisionCode: string | null;
  entityIds: Set<string> | null;
  kind: string;
  watches: string[];
  /** Needs the entity's latest values of all attributes (plugins, expressions). */
  needsAttributes: boolean;
  forMs: number;
  maxGapMs: number;
  schedule: Schedule | null;
  message: { zh: string; en: string } | null;
  composite: { groupBy: 'county' | 'township'; minCount: number } | null;
  noData: { timeoutMs: number; attribute: string | null; deviceEvents: boolean } | null;
  /** State is created only when a verdict is not plainly "clear" (false for windows and timers). */
  lazyState: boolean;
  evaluate(u: EntityUpdate, attrs: Record<string, unknown>, st: RuleEntityState): Verdict | Promise<Verdict>;
}

export type PluginLookup = (kind: string) => RuleKindPlugin | undefined;

const DEFAULT_MAX_GAP_MS = 3600_000;

/** Checks a condition against its kind's schema; throws a 400 problem naming what is wrong. */
export function validateCondition(condition: { kind: string }, plugins: PluginLookup): void {
  const plugin = plugins(condition.kind);
  // The member of the built-in union with this kind, so errors name the field (`/value`), not just "union".
  const builtin = BuiltinConditionSchema.anyOf.find((member) => member.properties.kind.const === condition.kind);
  const schema = plugin?.schema ?? builtin ?? null;
  if (!schema) throw badRequest('ERR_RULES_UNKNOWN_KIND', `No rule kind is called ${condition.kind}.`);
  const withDefaults = Value.Default(schema, structuredClone(condition));
  const first = Value.Errors(schema, withDefaults).First();
  // `errors` in the problem's validation shape, so a client can show the message beside the field.
  if (first) throw badRequest('ERR_RULES_INVALID_CONDITION', `condition${first.path}: ${first.message}`, { errors: [{ path: `body/definition/condition${first.path}`, message: first.message }] });
  const c = condition as BuiltinCondition;
  if (c.kind === 'threshold' && !c.attribute === !c.expression) {
    const message = 'A threshold condition needs exactly one of attribute or expression.';
    throw badRequest('ERR_RULES_INVALID_CONDITION', message, { errors: [{ path: 'body/definition/condition/attribute', message }] });
  }
  if (c.kind === 'threshold' && c.expression) compileExpression(c.expression);
  if (c.kind === 'expression') compileExpression(c.expression);
}

/** Turns a stored rule into what the engine runs: its evaluator, watched attributes and timing. */
export function compileRule(rule: Rule, plugins: PluginLookup): CompiledRule {
  const d = rule.definition;
  const base = {
    id: rule.id, version: rule.version, name: d.name, departmentId: rule.departmentId, severity: d.severity,
    entityType: d.entityType, divisionCode: d.divisionCode ?? null, entityIds: d.entityIds?.length ? new Set(d.entityIds) : null,
    kind: d.condition.kind, schedule: d.schedule ?? null, message: d.message ?? null,
    composite: null, noData: null, needsAttributes: false, forMs: 0, maxGapMs: DEFAULT_MAX_GAP_MS, lazyState: true,
  };
  const plugin = plugins(d.condition.kind);
  if (plugin) {
    const c = Value.Default(plugin.schema, structuredClone(d.condition)) as { kind: string } & Record<string, unknown>;
    return {
      ...base, watches: plugin.watches(c), needsAttributes: true, forMs: (plugin.forSeconds?.(c) ?? 0) * 1000,
      evaluate: (u, attrs) => plugin.evaluate(c, attrs, new Date(u.at)),
    };
  }
  const c = Value.Default(BuiltinConditionSchema, structuredClone(d.condition)) as BuiltinCondition;
  switch (c.kind) {
    case 'threshold': {
      const expr = c.expression ? compileExpression(c.expression) : null;
      const attr = c.attribute ?? null;
      const judge = (v: unknown): Verdict => {
        const n = toNumber(v);
        return n === null ? { kind: 'skip' } : compareWithHysteresis(n, c.op, c.value, c.hysteresis ?? 0);
      };
      return {
        ...base, watches: attr ? [attr] : [ANY], needsAttributes: !!expr, forMs: (c.forSeconds ?? 0) * 1000,
        maxGapMs: c.maxGapSeconds !== undefined ? c.maxGapSeconds * 1000 : DEFAULT_MAX_GAP_MS,
        evaluate: expr
          ? async (u, attrs) => judge(await expr.evaluate({ attributes: attrs, entityId: u.entityId, entityType: u.entityType, observedAt: new Date(u.at).toISOString() }))
          : (u) => judge(u.attributes[attr!]),
      };
    }
    case 'rate': {
      const windowMs = c.windowSeconds * 1000;
      return {
        ...base, watches: [c.attribute], lazyState: false,
        evaluate(u, _attrs, st) {
          const v = toNumber(u.attributes[c.attribute]);
          if (v === null) return { kind: 'skip' };
          const w = (st.window ??= []);
          w.push(u.at, v);
          let drop = 0;
          while (drop < w.length - 2 && w[drop]! < u.at - windowMs) drop += 2;
          if (drop) w.splice(0, drop);
          const change = v - w[1]!;
          return holds(change, c.op, c.value) ? { kind: 'raise', value: change, detail: `change ${change} over ${c.windowSeconds}s` } : { kind: 'clear', value: change };
        },
      };
    }
    case 'noData':
      return {
        ...base, watches: [c.attribute ?? ANY], lazyState: false, noData: { timeoutMs: c.timeoutSeconds * 1000, attribute: c.attribute ?? null, deviceEvents: c.deviceEvents ?? true },
        // Fresh data clears; raising is the timer's job.
        evaluate: (u) => ({ kind: 'clear', value: c.attribute ? u.attributes[c.attribute] : null }),
      };
    case 'geofence': {
      const area = c.area as Parameters<typeof booleanPointInPolygon>[1];
      return {
        ...base, watches: [LOCATION],
        evaluate(u) {
          if (!u.location) return { kind: 'skip' };
          const inside = booleanPointInPolygon(u.location, area);
          return inside === (c.mode === 'inside') ? { kind: 'raise', value: u.location } : { kind: 'clear', value: u.location };
        },
      };
    }
    case 'composite':
      return {
        ...base, watches: [c.attribute], lazyState: false, composite: { groupBy: c.groupBy, minCount: c.minCount },
        evaluate(u) {
          const v = toNumber(u.attributes[c.attribute]);
          if (v === null) return { kind: 'skip' };
          return holds(v, c.op, c.value) ? { kind: 'raise', value: v } : { kind: 'clear', value: v };
        },
      };
    case 'expression': {
      const expr = compileExpression(c.expression);
      return {
        ...base, watches: c.attributes, needsAttributes: true, forMs: (c.forSeconds ?? 0) * 1000,
        async evaluate(u, attrs) {
          const r = await expr.evaluate({ attributes: attrs, entityId: u.entityId, entityType: u.entityType, observedAt: new Date(u.at).toISOString() });
          return r ? { kind: 'raise', value: r } : { kind: 'clear', value: r ?? null };
        },
      };
    }
  }
}
