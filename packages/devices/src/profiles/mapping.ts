import jsonata from 'jsonata';
import type { Observation } from '@zhicheng/context-broker';
import { INGEST, type IngestCode } from '../errors.js';
import type { AttributeSpec } from '../schemas.js';

export type MapResult = { ok: true; observations: Observation[] } | { ok: false; code: IngestCode; reason: string };

export interface ProfileDef {
  id: string;
  entityType: string;
  expression: string | null;
  attributes: Record<string, AttributeSpec>;
  strict: boolean;
  inactivitySeconds: number;
}

/** A profile ready to map payloads: the JSONata expression compiled once. */
export interface CompiledProfile extends ProfileDef {
  /** Synchronous for the flat shape (no expression), a promise when JSONata runs. */
  map(payload: unknown, receivedAt: number): MapResult | Promise<MapResult>;
}

// Hyphens too: Smart Data Models names some attributes so (`P-TOT`, `N-TOT`, `Cr-VI`).
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_FUTURE_MS = 86_400_000;
const MAX_STRING = 2000;

const fail = (code: IngestCode, reason: string): MapResult => ({ ok: false, code, reason });

/** Compiles a profile; throws with the JSONata message when the expression does not parse. */
export function compileProfile(def: ProfileDef): CompiledProfile {
  if (def.expression === null) return { ...def, map: (payload, at) => toObservations(def, payload, at) };
  const expr = jsonata(def.expression);
  return {
    ...def,
    async map(payload, at) {
      let out: unknown;
      try {
        out = await expr.evaluate(payload);
      } catch (err) {
        return fail(INGEST.mapping, `mapping failed: ${(err as Error).message}`);
      }
      if (out === undefined) return fail(INGEST.mapping, 'mapping produced nothing for this payload');
      return toObservations(def, out, at);
    },
  };
}

/** The mapped value: `{ ts?, values: {…} }`, a flat `{ key: value, ts? }`, or an array of either. */
export function toObservations(def: ProfileDef, mapped: unknown, receivedAt: number): MapResult {
  const messages = Array.isArray(mapped) ? mapped : [mapped];
  if (!messages.length) return fail(INGEST.mapping, 'the payload holds no readings');
  if (messages.length > 10_000) return fail(INGEST.tooLarge, 'more than 10000 readings in one message');
  const observations: Observation[] = [];
  for (const m of messages) {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return fail(INGEST.mapping, 'each reading must be a JSON object');
    const rec = m as Record<string, unknown>;
    const hasValues = rec.values !== undefined;
    const values = hasValues ? rec.values : rec;
    if (values === null || typeof values !== 'object' || Array.isArray(values)) return fail(INGEST.mapping, '"values" must be a JSON object');
    const at = timestampOf(rec.ts, receivedAt);
    if (typeof at === 'string') return fail(INGEST.timestamp, at);
    const observedAt = new Date(at);
    let n = 0;
    for (const name in values as Record<string, unknown>) {
      if (!hasValues && name === 'ts') continue;
      const value = (values as Record<string, unknown>)[name];
      if (!NAME.test(name)) return fail(INGEST.invalidValue, `attribute name ${JSON.stringify(name.slice(0, 100))} is not allowed (a letter, then letters, digits, _ or -)`);
      const spec = def.attributes[name];
      if (!spec && def.strict) return fail(INGEST.unknownAttribute, `attribute ${name} is not in profile ${def.id}`);
      const bad = checkValue(name, value, spec);
      if (bad) return bad;
      observations.push(spec?.unitCode ? { name, value, unitCode: spec.unitCode, observedAt } : { name, value, observedAt });
      n++;
    }
    if (n === 0) return fail(INGEST.mapping, 'a reading holds no values');
  }
  return { ok: true, observations };
}

function checkValue(name: string, value: unknown, spec: AttributeSpec | undefined): MapResult | null {
  const type = spec?.type ?? 'any';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) return fail(INGEST.invalidValue, `${name} is not a finite number`);
      if (type !== 'number' && type !== 'any') return fail(INGEST.invalidValue, `${name} must be a ${type}`);
      if (spec?.min !== undefined && value < spec.min) return fail(INGEST.outOfRange, `${name}=${value} is below ${spec.min}`);
      if (spec?.max !== undefined && value > spec.max) return fail(INGEST.outOfRange, `${name}=${value} is above ${spec.max}`);
      return null;
    case 'string':
      if (type !== 'string' && type !== 'any') return fail(INGEST.invalidValue, `${name} must be a ${type}`);
      if (value.length > MAX_STRING) return fail(INGEST.invalidValue, `${name} is longer than ${MAX_STRING} characters`);
      return null;
    case 'boolean':
      if (type !== 'boolean' && type !== 'any') return fail(INGEST.invalidValue, `${name} must be a ${type}`);
      return null;
    case 'object':
      if (value === null) return fail(INGEST.invalidValue, `${name} is null`);
      if (type !== 'any') return fail(INGEST.invalidValue, `${name} must be a ${type}`);
      return null;
    default:
      return fail(INGEST.invalidValue, `${name} has no JSON value`);
  }
}

/** Epoch ms (seconds when < 1e11) or ISO 8601 with a zone; absent = when received. */
function timestampOf(ts: unknown, receivedAt: number): number | string {
  if (ts === undefined || ts === null) return receivedAt;
  let t: number;
  if (typeof ts === 'number') t = ts < 1e11 ? ts * 1000 : ts;
  else if (typeof ts === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(ts)) t = Date.parse(ts);
  else return 'ts must be epoch milliseconds or an ISO 8601 date-time with a zone';
  if (!Number.isFinite(t) || t < MIN_TS || t > receivedAt + MAX_FUTURE_MS) return `ts ${String(ts).slice(0, 40)} is outside the accepted range (2000 to one day ahead)`;
  return Math.trunc(t);
}
