/**
 * Alarm rules as the console uses them: versioned JSON documents, their history, the engine's
 * health and the preview of a draft over recent data.
 *
 * Mirrored from packages/rules/src/rule-schemas.ts (`RuleDefinition`, `Rule`, `RuleVersion`,
 * `ListRulesQuery`, `PreviewResult`, `RulesHealth`): `import type` from @zhicheng/rules does not
 * type-check under this tsconfig (see admin-types.ts), so keep these in step with that file.
 */
import { apiFetch } from './client';
import { queryString } from './query';

export type RuleSeverity = 'critical' | 'major' | 'minor' | 'warning';
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['critical', 'major', 'minor', 'warning'];

export type ComparisonOp = '>' | '>=' | '<' | '<=';
export const COMPARISON_OPS: readonly ComparisonOp[] = ['>', '>=', '<', '<='];

/** Built-in kinds, then the standard classifiers the environment pack registers. */
export const RULE_KINDS = ['threshold', 'rate', 'noData', 'geofence', 'composite', 'expression', 'aqiCategory', 'waterTarget', 'noiseLimit'] as const;
export type KnownRuleKind = (typeof RULE_KINDS)[number];

/**
 * A condition: `kind` plus that kind's fields (`ThresholdCondition`, `RateCondition`… and the
 * packs' kinds, checked by the server against the kind's own schema). Kept open because a
 * draft in the editor may be incomplete until the server has checked it.
 */
export interface RuleCondition {
  kind: string;
  [field: string]: unknown;
}

/** rules `Schedule` (Asia/Shanghai). */
export interface RuleSchedule {
  hours?: { from: string; to: string }[];
  /** 1 = Monday … 7 = Sunday. */
  weekdays?: number[];
  dates?: string[];
  excludeDates?: string[];
}

/** rules `RuleDefinition`. */
export interface RuleDefinition {
  name: string;
  description?: string;
  enabled: boolean;
  severity: RuleSeverity;
  entityType: string;
  divisionCode?: string | null;
  entityIds?: string[];
  condition: RuleCondition;
  schedule?: RuleSchedule;
  message?: { zh: string; en: string };
}

/** rules `Rule` (the current version). */
export interface Rule {
  id: string;
  version: number;
  departmentId: string | null;
  definition: RuleDefinition;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** rules `RuleVersion`. */
export interface RuleVersion {
  ruleId: string;
  version: number;
  definition: RuleDefinition;
  createdAt: string;
  createdBy: string | null;
  change: 'created' | 'updated' | 'deleted' | string;
}

/** rules `ListRulesQuery`. */
export interface RuleQuery {
  departmentId?: string;
  entityType?: string;
  kind?: string;
  enabled?: boolean;
  limit: number;
  offset: number;
}

/** rules `PreviewFiring`: when the draft would have raised (and cleared) for one entity. */
export interface PreviewFiring {
  entityId: string;
  raisedAt: string;
  clearedAt: string | null;
  value: unknown;
}

/** rules `PreviewResult`. */
export interface PreviewResult {
  from: string;
  to: string;
  points: number;
  entities: number;
  firings: PreviewFiring[];
  truncated: boolean;
}

/** rules `RulesHealth`. */
export interface RulesHealth {
  status: 'ok' | 'lagging' | 'stalled' | 'stopped';
  rulesLoaded: number;
  queueDepth: number;
  lagMs: number;
  lastProcessedAt: string | null;
  pointsProcessed: number;
  signalsEmitted: number;
  lastSnapshotAt: string | null;
  historySource: boolean;
  errors: { ruleId: string; count: number; lastError: string; lastAt: string }[];
}

const base = '/api/v1/rules';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export function listRules(query: RuleQuery, signal?: AbortSignal): Promise<{ items: Rule[]; total: number }> {
  return apiFetch(`${base}${queryString({ ...query })}`, { signal });
}

export function getRule(id: string, signal?: AbortSignal): Promise<Rule> {
  return apiFetch<Rule>(one(id), { signal });
}

export async function listRuleVersions(id: string, signal?: AbortSignal): Promise<RuleVersion[]> {
  return (await apiFetch<{ items: RuleVersion[] }>(`${one(id)}/versions`, { signal })).items;
}

export function createRule(body: { id?: string; departmentId?: string | null; definition: RuleDefinition }): Promise<Rule> {
  return apiFetch<Rule>(base, { method: 'POST', body });
}

/** Writes a new version; 409 `ERR_RULES_VERSION_CONFLICT` when `expectedVersion` is no longer current. */
export function updateRule(id: string, expectedVersion: number, definition: RuleDefinition): Promise<Rule> {
  return apiFetch<Rule>(one(id), { method: 'PUT', body: { expectedVersion, definition } });
}

/** The rule stays as a last, disabled version. */
export function deleteRule(id: string): Promise<void> {
  return apiFetch<void>(one(id), { method: 'DELETE' });
}

export function fetchRulesHealth(signal?: AbortSignal): Promise<RulesHealth> {
  return apiFetch<RulesHealth>(`${base}/health`, { signal });
}

/** Evaluates a draft over the last `hours` (nothing is raised); needs rules:manage. */
export function previewRule(definition: RuleDefinition, hours: number, signal?: AbortSignal): Promise<PreviewResult> {
  return apiFetch<PreviewResult>(`${base}/preview`, { method: 'POST', body: { definition, hours }, signal });
}
