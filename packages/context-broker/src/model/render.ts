import type { TermResolver } from '../context/term-map.js';
import { CORE_MEMBERS, attributeNames, instancesOf, type Instance, type StoredEntity } from './types.js';

export type Format = 'normalized' | 'keyValues' | 'concise';

export interface RenderOptions {
  format: Format;
  /** Expanded attribute names to include (null = all). */
  attrs: Set<string> | null;
  /** Entity members to leave out (pick/omit resolve to this and `attrs`). */
  omitId?: boolean;
  omitType?: boolean;
  sysAttrs?: boolean;
  lang?: string | null;
}

const compactTypes = (types: string[], r: TermResolver) => (types.length === 1 ? r.compact(types[0]!) : types.map((t) => r.compact(t)));

function pickLanguage(map: Record<string, string>, lang: string): { value: unknown; lang: string } {
  if (lang === '*') return { value: map, lang: '*' };
  for (const wanted of lang.split(',').map((s) => s.split(';')[0]!.trim())) {
    if (wanted in map) return { value: map[wanted], lang: wanted };
  }
  if ('@none' in map) return { value: map['@none'], lang: '@none' };
  const first = Object.keys(map)[0];
  return first ? { value: map[first], lang: first } : { value: null, lang: '@none' };
}

/** The simplified (keyValues) value of an instance. */
export function simpleValue(i: Instance, r: TermResolver, lang?: string | null): unknown {
  switch (i.type) {
    case 'Relationship':
    case 'ListRelationship':
      return i.object;
    case 'LanguageProperty':
      return lang ? pickLanguage(i.languageMap ?? {}, lang).value : { languageMap: i.languageMap };
    case 'VocabProperty':
      return Array.isArray(i.vocab) ? i.vocab.map((v) => (typeof v === 'string' ? r.compact(v) : v)) : typeof i.vocab === 'string' ? r.compact(i.vocab) : i.vocab;
    case 'JsonProperty':
      return i.json;
    default:
      return i.value;
  }
}

function renderInstance(i: Instance, r: TermResolver, o: RenderOptions): unknown {
  const out: Record<string, unknown> = {};
  const hasSub = Object.keys(i).some((k) => !CORE_MEMBERS.has(k));
  if (o.format === 'concise') {
    const meta = hasSub || i.observedAt || i.unitCode || i.datasetId || o.sysAttrs;
    if (!meta && (i.type === 'Property' || i.type === 'GeoProperty')) return i.value;
  } else out.type = i.type;
  if (i.type === 'LanguageProperty' && o.lang) {
    const picked = pickLanguage(i.languageMap ?? {}, o.lang);
    if (o.format !== 'concise') out.type = 'Property';
    out.value = picked.value;
    out.lang = picked.lang;
  } else {
    for (const m of ['value', 'object', 'objectType', 'languageMap', 'vocab', 'json'] as const) {
      if (i[m] === undefined) continue;
      out[m] = m === 'objectType' ? r.compact(String(i[m])) : m === 'vocab' ? simpleValue(i, r) : i[m];
    }
  }
  for (const m of ['observedAt', 'unitCode', 'datasetId'] as const) if (i[m] !== undefined) out[m] = i[m];
  if (o.sysAttrs) {
    if (i.createdAt) out.createdAt = i.createdAt;
    if (i.modifiedAt) out.modifiedAt = i.modifiedAt;
  }
  for (const [k, v] of Object.entries(i)) {
    if (CORE_MEMBERS.has(k)) continue;
    out[r.compact(k)] = renderInstance(v as Instance, r, o);
  }
  return out;
}

/** A stored entity in the caller's format and context (without @context: the route adds it). */
export function renderEntity(e: Pick<StoredEntity, 'id' | 'types' | 'scopes' | 'attrs' | 'datasets' | 'createdAt' | 'modifiedAt'>, r: TermResolver, o: RenderOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!o.omitId) out.id = e.id;
  if (!o.omitType) out.type = compactTypes(e.types, r);
  if (e.scopes?.length && (!o.attrs || o.attrs.has('scope'))) out.scope = e.scopes.length === 1 ? e.scopes[0] : e.scopes;
  if (o.sysAttrs) {
    out.createdAt = e.createdAt;
    out.modifiedAt = e.modifiedAt;
  }
  for (const iri of attributeNames(e)) {
    if (o.attrs && !o.attrs.has(iri)) continue;
    const all = instancesOf(e, iri);
    const name = r.compact(iri);
    if (o.format === 'keyValues') {
      const vals = all.map((i) => simpleValue(i, r, o.lang));
      out[name] = vals.length === 1 ? vals[0] : vals;
    } else {
      const vals = all.map((i) => renderInstance(i, r, o));
      out[name] = vals.length === 1 ? vals[0] : vals;
    }
  }
  return out;
}
