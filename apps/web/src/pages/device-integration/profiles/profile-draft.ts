/**
 * The profile editor's draft: strings as the inputs hold them, turned into the API's
 * `ProfileInput` / `ProfilePatch` and checked against the server's patterns before sending.
 */
import type { AttributeSpec, DeviceProfile } from '../../../api/devices';
import type { ProfileInput, ProfilePatch, ProfileProtocol } from '../../../api/device-profiles';
import { PROFILE_PROTOCOLS } from '../../../api/device-profiles';

export const ATTRIBUTE_TYPES = ['any', 'number', 'string', 'boolean'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** One line of the attribute table (`key` only keeps React's rows apart). */
export interface AttributeRow {
  key: number;
  name: string;
  type: AttributeType;
  unitCode: string;
  min: string;
  max: string;
}

export interface ProfileDraft {
  id: string;
  name: string;
  description: string;
  entityType: string;
  protocol: ProfileProtocol;
  /** `flat`: no JSONata, the ThingsBoard `{ key: value }` / `{ ts, values }` shape as it comes. */
  mapping: 'jsonata' | 'flat';
  expression: string;
  attributes: AttributeRow[];
  strict: boolean;
  inactivitySeconds: string;
}

/** Patterns of packages/devices/src/schemas.ts. */
export const PROFILE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const ENTITY_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
export const INACTIVITY_MIN = 10;
export const INACTIVITY_MAX = 30 * 86400;

/** A starting point that maps as it is, so the preview shows something at once. */
export const NEW_PROFILE_EXPRESSION = '{\n  "values": {\n    "temperature": t,\n    "relativeHumidity": rh\n  }\n}';
export const NEW_PROFILE_PAYLOAD = '{\n  "t": 21.5,\n  "rh": 40\n}';

let nextKey = 1;
export const attributeRow = (name = '', spec: AttributeSpec = {}): AttributeRow => ({
  key: nextKey++,
  name,
  type: spec.type ?? 'any',
  unitCode: spec.unitCode ?? '',
  min: spec.min === undefined ? '' : String(spec.min),
  max: spec.max === undefined ? '' : String(spec.max),
});

export function newProfileDraft(): ProfileDraft {
  return {
    id: '', name: '', description: '', entityType: '', protocol: 'any', mapping: 'jsonata', expression: NEW_PROFILE_EXPRESSION,
    attributes: [attributeRow('temperature', { type: 'number', unitCode: 'CEL', min: -60, max: 70 }), attributeRow('relativeHumidity', { type: 'number', unitCode: 'P1', min: 0, max: 100 })],
    strict: false, inactivitySeconds: '600',
  };
}

export function draftFromProfile(p: DeviceProfile): ProfileDraft {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    entityType: p.entityType,
    protocol: (PROFILE_PROTOCOLS as readonly string[]).includes(p.protocol) ? (p.protocol as ProfileProtocol) : 'any',
    mapping: p.expression === null ? 'flat' : 'jsonata',
    expression: p.expression ?? '',
    attributes: Object.entries(p.attributes).map(([name, spec]) => attributeRow(name, spec)),
    strict: p.strict,
    inactivitySeconds: String(p.inactivitySeconds),
  };
}

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

export function attributesOf(rows: readonly AttributeRow[]): Record<string, AttributeSpec> {
  const out: Record<string, AttributeSpec> = {};
  for (const row of rows) {
    const name = row.name.trim();
    if (!name) continue;
    const min = numberOrUndefined(row.min);
    const max = numberOrUndefined(row.max);
    out[name] = {
      ...(row.unitCode.trim() ? { unitCode: row.unitCode.trim() } : {}),
      type: row.type,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  }
  return out;
}

/** The expression to send: null for the flat shape. */
export const expressionOf = (d: Pick<ProfileDraft, 'mapping' | 'expression'>): string | null => (d.mapping === 'flat' ? null : d.expression.trim());

export function draftToInput(d: ProfileDraft): ProfileInput {
  return {
    id: d.id.trim(),
    name: d.name.trim(),
    description: d.description.trim(),
    entityType: d.entityType.trim(),
    protocol: d.protocol,
    expression: expressionOf(d),
    attributes: attributesOf(d.attributes),
    strict: d.strict,
    inactivitySeconds: Number(d.inactivitySeconds),
  };
}

/**
 * Only what changed, so the audit log names the fields an editor touched. The saved profile
 * goes through the draft too, so that equal meanings (an untyped attribute is `any`) compare equal.
 */
export function patchOf(d: ProfileDraft, saved: DeviceProfile): ProfilePatch {
  const { id: _id, ...next } = draftToInput(d);
  const { id: _savedId, ...before } = draftToInput(draftFromProfile(saved));
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before])) patch[key] = value;
  }
  return patch as ProfilePatch;
}

/** Field → i18n key (under `deviceProfiles.validation`) of what is wrong before asking the server. */
export type DraftProblems = Partial<Record<'id' | 'name' | 'entityType' | 'expression' | 'attributes' | 'inactivitySeconds', string>>;

export function checkDraft(d: ProfileDraft, isNew: boolean): DraftProblems {
  const out: DraftProblems = {};
  if (isNew && !PROFILE_ID_PATTERN.test(d.id.trim())) out.id = d.id.trim() ? 'idPattern' : 'required';
  if (!d.name.trim()) out.name = 'required';
  if (!ENTITY_TYPE_PATTERN.test(d.entityType.trim())) out.entityType = d.entityType.trim() ? 'entityTypePattern' : 'required';
  if (d.mapping === 'jsonata' && !d.expression.trim()) out.expression = 'expressionRequired';
  const attribute = attributeProblem(d.attributes);
  if (attribute) out.attributes = attribute;
  const seconds = Number(d.inactivitySeconds);
  if (!Number.isInteger(seconds) || seconds < INACTIVITY_MIN || seconds > INACTIVITY_MAX) out.inactivitySeconds = 'inactivityRange';
  return out;
}

function attributeProblem(rows: readonly AttributeRow[]): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const empty = !name && !row.unitCode.trim() && !row.min.trim() && !row.max.trim();
    if (empty) continue;
    if (!ATTRIBUTE_NAME_PATTERN.test(name)) return 'attributeName';
    if (seen.has(name)) return 'attributeDuplicate';
    seen.add(name);
    const min = numberOrUndefined(row.min);
    const max = numberOrUndefined(row.max);
    if ((min !== undefined && !Number.isFinite(min)) || (max !== undefined && !Number.isFinite(max))) return 'attributeNumber';
    if (min !== undefined && max !== undefined && min > max) return 'attributeRange';
    if (row.unitCode.trim().length > 20) return 'attributeUnit';
  }
  return null;
}

/** Symbols of the UN/CEFACT unit codes the built-in profiles use (display only; the code is what is stored). */
const UNIT_SYMBOLS: Record<string, string> = {
  CEL: '°C', P1: '%', MTS: 'm/s', DD: '°', MMT: 'mm', A97: 'hPa', GQ: 'µg/m³', GP: 'mg/m³', M1: 'mg/L', MQS: 'm³/s',
  '2N': 'dB', KMH: 'km/h', WTT: 'W', D10: 'S/m', C62: '1', MTR: 'm', KGM: 'kg', LTR: 'L', KWH: 'kWh', VLT: 'V', AMP: 'A',
};

/** `CEL` → `°C (CEL)`; an unknown code as it is. */
export function unitLabel(code: string | undefined): string {
  if (!code) return '';
  const symbol = UNIT_SYMBOLS[code];
  return symbol && symbol !== code ? `${symbol} (${code})` : code;
}

/** A mapped value as text: JSON, so a string is told from a number ("21" vs 21). */
export function valueText(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The test payload as JSON, or the parser's complaint. */
export function parsePayload(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
