import type { TermResolver } from '../context/term-map.js';
import { badData } from '../errors.js';
import { isGeometry } from './geometry.js';
import { CORE_MEMBERS, GEO_ATTRIBUTES, KINDS, type Instance } from './types.js';

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const FORBIDDEN_NAME = /[<>"'=;()\s]/;

export const isUri = (s: unknown): s is string => typeof s === 'string' && URI.test(s) && s.length <= 2048;

export function checkName(name: string, what = 'attribute'): void {
  if (!name || name.length > 512 || FORBIDDEN_NAME.test(name)) throw badData(`"${name.slice(0, 80)}" is not a valid ${what} name.`);
}

export function normalizeDateTime(v: unknown, member: string): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    throw badData(`${member} must be an ISO 8601 date-time with a time zone, got ${JSON.stringify(v)?.slice(0, 60)}.`);
  }
  const t = new Date(v);
  if (Number.isNaN(t.getTime())) throw badData(`${member} is not a valid date-time: ${v}.`);
  return t.toISOString();
}

export interface EntityInput {
  id: string;
  types: string[];
  scopes: string[] | null;
  /** Per expanded attribute name: its instances (null = delete, only in merges). */
  attrs: Map<string, Instance[] | null>;
}

export interface NormalizeOptions {
  /** Merge-patch semantics: `"urn:ngsi-ld:null"` / null values delete. */
  allowNull?: boolean;
  now: string;
}

/** The entity body a client sent (compacted with `r`) → the stored, expanded form. */
export function normalizeEntity(body: unknown, r: TermResolver, opts: NormalizeOptions & { requireId: boolean; requireType: boolean }): EntityInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badData('An entity must be a JSON object.');
  const b = body as Record<string, unknown>;
  const id = b.id ?? b['@id'];
  if (opts.requireId && id === undefined) throw badData('The entity has no id.');
  if (id !== undefined && !isUri(id)) throw badData(`The entity id must be a URI, got ${JSON.stringify(id)?.slice(0, 80)}.`);
  const t = b.type ?? b['@type'];
  if (opts.requireType && t === undefined) throw badData('The entity has no type.');
  const typeList = t === undefined ? [] : Array.isArray(t) ? t : [t];
  for (const x of typeList) if (typeof x !== 'string' || !x) throw badData('Entity types must be non-empty strings.');
  (typeList as string[]).forEach((x) => checkName(x, 'type'));
  let scopes: string[] | null = null;
  if (b.scope !== undefined) {
    const s = Array.isArray(b.scope) ? b.scope : [b.scope];
    if (!s.every((x) => typeof x === 'string' && /^\/[^\s]*$/.test(x))) throw badData('scope must be a path such as /Madrid/Gardens or a list of them.');
    scopes = s as string[];
  }
  const attrs = new Map<string, Instance[] | null>();
  for (const [name, raw] of Object.entries(b)) {
    if (name === 'id' || name === '@id' || name === 'type' || name === '@type' || name === '@context' || name === 'scope') continue;
    if (name === 'createdAt' || name === 'modifiedAt' || name === 'deletedAt') continue;
    checkName(name);
    const iri = r.expand(name);
    attrs.set(iri, normalizeAttribute(name, iri, raw, r, opts));
  }
  return { id: (id as string | undefined) ?? '', types: [...new Set((typeList as string[]).map((x) => r.expand(x)))], scopes, attrs };
}

/** One attribute's value as sent (normalized or concise, one instance or several) → stored instances. */
export function normalizeAttribute(name: string, iri: string, raw: unknown, r: TermResolver, opts: NormalizeOptions): Instance[] | null {
  if (raw === null || raw === 'urn:ngsi-ld:null') {
    if (opts.allowNull) return null;
    throw badData(`Attribute ${name} is null.`);
  }
  const list = Array.isArray(raw) && raw.length > 0 && raw.every((x) => x && typeof x === 'object' && !Array.isArray(x) && ('type' in x || 'value' in x || 'object' in x || 'datasetId' in x))
    ? raw : [raw];
  const out = list.map((x) => normalizeInstance(name, iri, x, r, opts, 0));
  const seen = new Set<string>();
  for (const i of out) {
    const k = i.datasetId ?? '';
    if (seen.has(k)) throw badData(`Attribute ${name} has two instances with the same datasetId${k ? ` ${k}` : ''}.`);
    seen.add(k);
  }
  return out;
}

function normalizeInstance(name: string, iri: string, raw: unknown, r: TermResolver, opts: NormalizeOptions, depth: number): Instance {
  if (depth > 8) throw badData(`Attribute ${name} nests sub-attributes too deeply.`);
  const geoName = GEO_ATTRIBUTES.has(iri);
  let o: Record<string, unknown>;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) o = raw as Record<string, unknown>;
  else o = { value: raw };
  if (!('type' in o) || typeof o.type !== 'string' || !KINDS.has(o.type)) {
    // Concise input: the kind is inferred from the members, as the spec's concise format allows.
    if (typeof o.type === 'string' && isGeometry(o)) o = { type: 'GeoProperty', value: o };
    else if ('type' in o && !('value' in o)) o = { type: 'Property', value: o };
    else if ('object' in o) o = { ...o, type: 'Relationship' };
    else if ('languageMap' in o) o = { ...o, type: 'LanguageProperty' };
    else if ('vocab' in o) o = { ...o, type: 'VocabProperty' };
    else if ('json' in o) o = { ...o, type: 'JsonProperty' };
    else if ('value' in o) o = { ...o, type: geoName && isGeometry(o.value) ? 'GeoProperty' : 'Property' };
    else o = { type: 'Property', value: o };
  }
  const kind = o.type as Instance['type'];
  const inst: Instance = { type: kind };
  switch (kind) {
    case 'Property':
    case 'ListProperty':
      if (!('value' in o) && !('valueList' in o)) throw badData(`Property ${name} has no value.`);
      if (o.value === null) throw badData(`Property ${name} has a null value.`);
      inst.value = 'value' in o ? o.value : o.valueList;
      break;
    case 'Relationship':
    case 'ListRelationship': {
      const obj = 'object' in o ? o.object : o.objectList;
      const ok = isUri(obj) || (Array.isArray(obj) && obj.length > 0 && obj.every((x) => isUri(x) || (x && typeof x === 'object' && isUri((x as { object?: unknown }).object))));
      if (!ok) throw badData(`Relationship ${name} needs an object that is a URI.`);
      inst.object = obj;
      if (typeof o.objectType === 'string') inst.objectType = r.expand(o.objectType);
      break;
    }
    case 'GeoProperty':
      if (!isGeometry(o.value)) throw badData(`GeoProperty ${name} needs a GeoJSON geometry as its value.`);
      inst.value = o.value;
      break;
    case 'LanguageProperty': {
      const m = o.languageMap;
      if (!m || typeof m !== 'object' || Array.isArray(m) || !Object.values(m).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')))) {
        throw badData(`LanguageProperty ${name} needs a languageMap of language tags to strings.`);
      }
      inst.languageMap = m as Record<string, string>;
      break;
    }
    case 'VocabProperty':
      if (!('vocab' in o)) throw badData(`VocabProperty ${name} has no vocab.`);
      inst.vocab = Array.isArray(o.vocab) ? o.vocab.map((v) => (typeof v === 'string' ? r.expand(v) : v)) : typeof o.vocab === 'string' ? r.expand(o.vocab) : o.vocab;
      break;
    case 'JsonProperty':
      if (!('json' in o)) throw badData(`JsonProperty ${name} has no json.`);
      inst.json = o.json;
      break;
  }
  if (o.observedAt !== undefined) inst.observedAt = normalizeDateTime(o.observedAt, `${name}.observedAt`);
  if (o.unitCode !== undefined) {
    if (typeof o.unitCode !== 'string' || !o.unitCode) throw badData(`${name}.unitCode must be a string.`);
    inst.unitCode = o.unitCode;
  }
  if (o.datasetId !== undefined) {
    if (!isUri(o.datasetId)) throw badData(`${name}.datasetId must be a URI.`);
    inst.datasetId = o.datasetId;
  }
  for (const [sub, v] of Object.entries(o)) {
    if (CORE_MEMBERS.has(sub)) continue;
    checkName(sub);
    const subIri = r.expand(sub);
    if (v === null) throw badData(`Sub-attribute ${name}.${sub} is null.`);
    inst[subIri] = normalizeInstance(`${name}.${sub}`, subIri, Array.isArray(v) && v.length === 1 ? v[0] : v, r, opts, depth + 1);
  }
  inst.createdAt = opts.now;
  inst.modifiedAt = opts.now;
  return inst;
}
