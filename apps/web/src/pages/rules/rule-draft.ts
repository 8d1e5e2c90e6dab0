import { isApiError } from '../../api/client';
import type { KnownRuleKind, RuleCondition, RuleDefinition } from '../../api/rules';
import { RULE_KINDS } from '../../api/rules';

/** A condition of each kind as the form starts it; the server checks it against the kind's schema. */
const STARTERS: Record<KnownRuleKind, RuleCondition> = {
  threshold: { kind: 'threshold', attribute: '', op: '>', value: 0 },
  rate: { kind: 'rate', attribute: '', windowSeconds: 3600, op: '>', value: 0 },
  noData: { kind: 'noData', timeoutSeconds: 3600 },
  // A small triangle near 西昌 as a start; real areas are pasted as GeoJSON.
  geofence: { kind: 'geofence', mode: 'outside', area: { type: 'Polygon', coordinates: [[[102.2, 27.8], [102.35, 27.8], [102.3, 27.95], [102.2, 27.8]]] } },
  composite: { kind: 'composite', attribute: '', op: '>', value: 0, groupBy: 'county', minCount: 3 },
  expression: { kind: 'expression', expression: '', attributes: [] },
  aqiCategory: { kind: 'aqiCategory', minLevel: 4, period: 'hour', forSeconds: 0 },
  waterTarget: { kind: 'waterTarget', waterbody: 'river' },
  noiseLimit: { kind: 'noiseLimit', attribute: 'LAeq', maxAttribute: 'LAmax', suddenNoise: true },
};

/** The entity type a standard classifier reads (Smart Data Models names). */
const KIND_ENTITY_TYPES: Partial<Record<KnownRuleKind, string>> = {
  aqiCategory: 'AirQualityObserved',
  waterTarget: 'WaterQualityObserved',
  noiseLimit: 'NoiseLevelObserved',
};

export const isKnownKind = (kind: string): kind is KnownRuleKind => (RULE_KINDS as readonly string[]).includes(kind);

export function newRuleDefinition(): RuleDefinition {
  return { name: '', enabled: true, severity: 'major', entityType: '', condition: { ...STARTERS.threshold } };
}

/** Switches the kind, keeping the fields the new kind shares with the old (attribute, op, value). */
export function changeKind(definition: RuleDefinition, kind: KnownRuleKind): RuleDefinition {
  const starter = structuredClone(STARTERS[kind]);
  for (const key of ['attribute', 'op', 'value'] as const) {
    if (key in starter && definition.condition[key] !== undefined && definition.condition[key] !== '') starter[key] = definition.condition[key];
  }
  const entityType = KIND_ENTITY_TYPES[kind] ?? definition.entityType;
  return { ...definition, entityType: definition.entityType && !KIND_ENTITY_TYPES[kind] ? definition.entityType : entityType, condition: starter };
}

const blank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The document as it is sent: empty optional parts left out, so the server sees what the
 * author meant (an empty description is no description, an empty schedule no schedule).
 */
export function cleanDefinition(definition: RuleDefinition): RuleDefinition {
  const out: RuleDefinition = { ...definition, condition: { ...definition.condition } };
  if (blank(out.description)) delete out.description;
  if (blank(out.divisionCode)) delete out.divisionCode;
  if (out.entityIds && out.entityIds.length === 0) delete out.entityIds;
  if (out.message && blank(out.message.zh) && blank(out.message.en)) delete out.message;
  for (const [key, value] of Object.entries(out.condition)) if (value === undefined) delete out.condition[key];
  if (out.schedule) {
    const schedule = { ...out.schedule };
    if (!schedule.hours?.length) delete schedule.hours;
    if (!schedule.weekdays?.length) delete schedule.weekdays;
    if (!schedule.dates?.length) delete schedule.dates;
    if (!schedule.excludeDates?.length) delete schedule.excludeDates;
    if (Object.keys(schedule).length === 0) delete out.schedule;
    else out.schedule = schedule;
  }
  return out;
}

/** Where the server's codes without a field list point in the form. */
const CODE_FIELDS: Record<string, string> = {
  ERR_RULES_INVALID_EXPRESSION: 'condition.expression',
  ERR_RULES_UNKNOWN_KIND: 'condition.kind',
  ERR_RULES_INVALID_SCHEDULE: 'schedule',
};

/** `body/definition/condition/value` → `condition.value`; `body/definition/schedule/hours/0` → `schedule`. */
export function fieldOfPath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  const rest = parts[0] === 'body' ? parts.slice(parts[1] === 'definition' ? 2 : 1) : parts;
  if (rest[0] === 'condition' && rest[1]) return `condition.${rest[1]}`;
  if (rest[0] === 'message' && rest[1]) return `message.${rest[1]}`;
  return rest[0] ?? '';
}

/** The server's messages by form field (first per field), from a problem of a save or preview. */
export function ruleFieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error) || error.status !== 400) return {};
  const out: Record<string, string> = {};
  for (const item of error.fieldErrors) {
    const field = fieldOfPath(item.path);
    if (field && !(field in out)) out[field] = item.message;
  }
  const byCode = CODE_FIELDS[error.code];
  if (byCode && !(byCode in out)) out[byCode] = error.detail ?? error.code;
  return out;
}

/**
 * The i18n key for the validators' usual sentences (TypeBox and Ajv word them in English);
 * null keeps the server's own words.
 */
export function fieldMessageKey(message: string): string | null {
  if (/required property|fewer than 1 character|string length greater or equal to 1/i.test(message)) return 'common.required';
  if (/expected (number|integer)|must be (number|integer)/i.test(message)) return 'rules.fieldErrors.number';
  if (/greater or equal|must be >=|minimum/i.test(message)) return 'rules.fieldErrors.tooSmall';
  if (/less or equal|must be <=|maximum/i.test(message)) return 'rules.fieldErrors.tooLarge';
  if (/pattern/i.test(message)) return 'rules.fieldErrors.format';
  return null;
}

/** Pretty JSON of a definition for the advanced tab and the version viewer. */
export const definitionText = (definition: RuleDefinition) => JSON.stringify(definition, null, 2);

export type ParsedDefinition = { ok: true; definition: RuleDefinition } | { ok: false; reason: 'syntax' | 'notObject' | 'noKind'; message: string };

/** Parses the advanced tab's text: JSON, an object, with a condition that has a kind. */
export function parseDefinition(text: string): ParsedDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', message: error instanceof Error ? error.message : String(error) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'notObject', message: '' };
  const condition = (value as { condition?: unknown }).condition;
  if (typeof condition !== 'object' || condition === null || typeof (condition as { kind?: unknown }).kind !== 'string') return { ok: false, reason: 'noKind', message: '' };
  return { ok: true, definition: value as RuleDefinition };
}

/** A firing's value in a line: numbers as they are, the classifiers' objects shortened. */
export function valueText(value: unknown): string {
  if (typeof value === 'number') return String(Math.round(value * 1000) / 1000);
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('aqi' in record) return `AQI ${String(record.aqi)}`;
    if ('class' in record) return `${String(record.class)} / ${String(record.targetClass ?? '')}`;
    if ('leq' in record) return `${String(record.leq)} dB(A)`;
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
  return String(value);
}
