import type { TSchema } from '@sinclair/typebox';
import type { Severity } from './rule-schemas.js';

/** One entity's new values, as the data hub announces them (`datahub.entity.updated`). */
export interface EntityUpdate {
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: [number, number] | null;
  /** Epoch milliseconds of the observation. */
  at: number;
  attributes: Record<string, unknown>;
  /** Static attributes the data hub sends along (e.g. `targetClass`, `zone`); merged into `attributes` by the engine. */
}

/**
 * What the engine tells the alarm service. `raise` and `clear` are transitions; `refresh`
 * says an active condition is still true (at most once a minute per alarm), so the alarm's
 * last-seen time moves without a flood of writes.
 */
export interface RuleSignal {
  type: 'raise' | 'clear' | 'refresh';
  ruleId: string;
  ruleVersion: number;
  ruleName: string;
  ruleDepartmentId: string | null;
  severity: Severity;
  sourceId: string;
  sourceType: string;
  departmentId: string | null;
  divisionCode: string | null;
  /** Observation time that caused the transition (ISO). */
  at: string;
  value: unknown;
  reason: string;
  message: { zh: string; en: string } | null;
}

/** A verdict of one condition on one update: raise condition holds, clear condition holds, between (hysteresis band) or not applicable. */
export type Verdict =
  | { kind: 'raise'; value: unknown; detail?: string }
  | { kind: 'clear'; value: unknown; detail?: string }
  | { kind: 'band'; value: unknown }
  | { kind: 'skip' };

/**
 * A condition kind contributed by a solution pack (the environment pack's standard
 * classifiers). It is pure: the engine handles duration, hysteresis state and signals.
 *
 * @example
 *   rules.registerKind({ kind: 'aqiCategory', schema, watches: () => ['pm25', 'pm10', …], evaluate: (c, attrs, at) => … });
 */
export interface RuleKindPlugin<C extends { kind: string } = { kind: string } & Record<string, unknown>> {
  kind: string;
  /** TypeBox schema of the condition object (with `kind`). */
  schema: TSchema;
  /** Attributes whose updates trigger evaluation. */
  watches(condition: C): string[];
  /** `attributes` are the entity's latest known values (this update merged over earlier ones). */
  evaluate(condition: C, attributes: Record<string, unknown>, at: Date): Verdict;
  /** Holds before raising (seconds); default 0. */
  forSeconds?(condition: C): number;
}
