import type { TermResolver } from '../context/term-map.js';
import { badData } from '../errors.js';
import { isGeometry } from '../model/geometry.js';
import { checkName, isUri, normalizeDateTime } from '../model/normalize.js';

/** One RegistrationInfo (clause 5.2.10): entity selectors and attribute names, expanded. */
export interface RegistrationInfo {
  entities?: { id?: string; idPattern?: string; type: string }[];
  propertyNames?: string[];
  relationshipNames?: string[];
}

/** A context source registration as stored (clause 5.2.9): names expanded, system members apart. */
export interface StoredRegistration {
  id: string;
  type: 'ContextSourceRegistration';
  registrationName?: string;
  description?: string;
  information: RegistrationInfo[];
  tenant?: string;
  observationInterval?: { startAt: string; endAt?: string };
  managementInterval?: { startAt: string; endAt?: string };
  location?: unknown;
  observationSpace?: unknown;
  operationSpace?: unknown;
  expiresAt?: string;
  endpoint: string;
  contextSourceInfo?: { key: string; value: string }[];
  scope?: string[];
  mode: 'inclusive' | 'exclusive' | 'redirect' | 'auxiliary';
  operations?: string[];
  refreshRate?: string;
  management?: Record<string, unknown>;
  /** Further Properties of the registration (expanded name → value as given). */
  extra?: Record<string, unknown>;
}

const MODES = new Set(['inclusive', 'exclusive', 'redirect', 'auxiliary']);
const KNOWN = new Set([
  'id', 'type', 'registrationName', 'description', 'information', 'tenant', 'observationInterval', 'managementInterval', 'location', 'observationSpace',
  'operationSpace', 'expiresAt', 'endpoint', 'contextSourceInfo', 'scope', 'mode', 'operations', 'refreshRate', 'management', '@context',
  // System-generated: ignored on input (clause 5.2.9).
  'createdAt', 'modifiedAt', 'status', 'timesSent', 'timesFailed', 'lastSuccess', 'lastFailure',
]);

const names = (v: unknown, member: string, r: TermResolver): string[] => {
  if (!Array.isArray(v) || !v.length || !v.every((x) => typeof x === 'string')) throw badData(`${member} must be a non-empty list of names.`);
  return (v as string[]).map((n) => (checkName(n), r.expand(n)));
};

const interval = (v: unknown, member: string) => {
  const o = v as Record<string, unknown> | null;
  if (!o || typeof o !== 'object' || o.startAt === undefined) throw badData(`${member} needs startAt.`);
  const out: { startAt: string; endAt?: string } = { startAt: normalizeDateTime(o.startAt, `${member}.startAt`) };
  if (o.endAt !== undefined) out.endAt = normalizeDateTime(o.endAt, `${member}.endAt`);
  if (out.endAt && out.endAt <= out.startAt) throw badData(`${member}.endAt must be after startAt.`);
  return out;
};

/** Validates a registration (compacted with `r`) into the stored form (clause 5.2.9; errors BadRequestData). */
export function normalizeRegistration(body: unknown, r: TermResolver, id: string | null): StoredRegistration {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badData('A registration must be a JSON object.');
  const b = body as Record<string, unknown>;
  if (b.type !== 'ContextSourceRegistration') throw badData('type must be "ContextSourceRegistration".');
  const rid = (b.id as string | undefined) ?? id;
  if (!isUri(rid)) throw badData('The registration id must be a URI.');
  if (!Array.isArray(b.information) || !b.information.length) throw badData('information must be a non-empty list of RegistrationInfo.');
  const information = b.information.map((x: unknown, i: number): RegistrationInfo => {
    const info = (x ?? {}) as Record<string, unknown>;
    if (typeof info !== 'object' || Array.isArray(info)) throw badData(`information[${i}] must be an object.`);
    const out: RegistrationInfo = {};
    if (info.entities !== undefined) {
      if (!Array.isArray(info.entities) || !info.entities.length) throw badData(`information[${i}].entities must be a non-empty list.`);
      out.entities = info.entities.map((e: unknown) => {
        const s = (e ?? {}) as Record<string, unknown>;
        if (typeof s.type !== 'string' || !s.type) throw badData(`Each information[${i}].entities item needs a type.`);
        checkName(s.type, 'type');
        const sel: { id?: string; idPattern?: string; type: string } = { type: r.expand(s.type) };
        if (s.id !== undefined) {
          if (!isUri(s.id)) throw badData(`information[${i}].entities[].id must be a URI.`);
          sel.id = s.id;
        }
        if (s.idPattern !== undefined) {
          try {
            new RegExp(String(s.idPattern));
          } catch {
            throw badData(`information[${i}].entities[].idPattern is not a valid regular expression.`);
          }
          sel.idPattern = String(s.idPattern);
        }
        return sel;
      });
    }
    if (info.propertyNames !== undefined) out.propertyNames = names(info.propertyNames, `information[${i}].propertyNames`, r);
    if (info.relationshipNames !== undefined) out.relationshipNames = names(info.relationshipNames, `information[${i}].relationshipNames`, r);
    if (!out.entities && !out.propertyNames && !out.relationshipNames) throw badData(`information[${i}] needs entities, propertyNames or relationshipNames.`);
    return out;
  });
  if (typeof b.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(b.endpoint)) throw badData('endpoint must be an http(s) URL.');
  const mode = (b.mode ?? 'inclusive') as string;
  if (!MODES.has(mode)) throw badData('mode must be inclusive, exclusive, redirect or auxiliary.');
  const out: StoredRegistration = { id: rid, type: 'ContextSourceRegistration', information, endpoint: b.endpoint, mode: mode as StoredRegistration['mode'] };
  if (b.registrationName !== undefined) out.registrationName = String(b.registrationName);
  if (b.description !== undefined) out.description = String(b.description);
  if (b.tenant !== undefined) out.tenant = String(b.tenant);
  if (b.observationInterval !== undefined) out.observationInterval = interval(b.observationInterval, 'observationInterval');
  if (b.managementInterval !== undefined) out.managementInterval = interval(b.managementInterval, 'managementInterval');
  for (const g of ['location', 'observationSpace', 'operationSpace'] as const) {
    if (b[g] === undefined) continue;
    if (!isGeometry(b[g])) throw badData(`${g} must be a GeoJSON geometry.`);
    out[g] = b[g];
  }
  if (b.expiresAt !== undefined) out.expiresAt = normalizeDateTime(b.expiresAt, 'expiresAt');
  if (b.contextSourceInfo !== undefined) {
    if (!Array.isArray(b.contextSourceInfo)) throw badData('contextSourceInfo must be a list of {key, value}.');
    out.contextSourceInfo = b.contextSourceInfo.map((x: unknown) => {
      const kv = x as { key?: unknown; value?: unknown };
      if (typeof kv?.key !== 'string' || typeof kv.value !== 'string') throw badData('contextSourceInfo items are {key, value} strings.');
      return { key: kv.key, value: kv.value };
    });
  }
  if (b.scope !== undefined) {
    const sc = Array.isArray(b.scope) ? b.scope : [b.scope];
    if (!sc.every((x) => typeof x === 'string' && /^\/[\w/#+-]*$/.test(x))) throw badData('scope must be scope strings such as /Madrid/Gardens.');
    out.scope = sc as string[];
  }
  if (b.operations !== undefined) {
    if (!Array.isArray(b.operations) || !b.operations.every((x) => typeof x === 'string')) throw badData('operations must be a list of operation names.');
    out.operations = b.operations as string[];
  }
  if (b.refreshRate !== undefined) out.refreshRate = String(b.refreshRate);
  if (b.management !== undefined) {
    if (!b.management || typeof b.management !== 'object' || Array.isArray(b.management)) throw badData('management must be an object.');
    out.management = b.management as Record<string, unknown>;
  }
  for (const [k, v] of Object.entries(b)) {
    if (KNOWN.has(k)) continue;
    checkName(k);
    (out.extra ??= {})[r.expand(k)] = v;
  }
  return out;
}

/** A stored registration in the caller's context (clause 5.2.9), with its system members. */
export function renderRegistration(s: StoredRegistration, r: TermResolver, sys: { createdAt: string; modifiedAt: string } | null): Record<string, unknown> {
  const { extra, information, ...rest } = s;
  const out: Record<string, unknown> = { ...rest };
  out.information = information.map((i) => ({
    ...(i.entities ? { entities: i.entities.map((e) => ({ ...e, type: r.compact(e.type) })) } : {}),
    ...(i.propertyNames ? { propertyNames: i.propertyNames.map((n) => r.compact(n)) } : {}),
    ...(i.relationshipNames ? { relationshipNames: i.relationshipNames.map((n) => r.compact(n)) } : {}),
  }));
  for (const [k, v] of Object.entries(extra ?? {})) out[r.compact(k)] = v;
  if (sys) Object.assign(out, sys);
  return out;
}

/**
 * Does the registration offer what a query asks (clause 5.12: context source discovery)? Some
 * RegistrationInfo must cover the asked types (and id), and name the asked attributes, or no
 * attributes at all (= every attribute).
 */
export function registrationMatches(s: StoredRegistration, q: { types: string[] | null; ids: string[] | null; idPattern: RegExp | null; attrs: string[] | null }): boolean {
  return s.information.some((i) => {
    // Without entities, a RegistrationInfo offers its attributes for any entity.
    if (i.entities && (q.types || q.ids || q.idPattern)) {
      if (!i.entities.some((e) =>
        (!q.types || q.types.includes(e.type)) &&
        (!q.ids || (e.id ? q.ids.includes(e.id) : e.idPattern ? q.ids.some((x) => new RegExp(e.idPattern!).test(x)) : true)) &&
        (!q.idPattern || (e.id ? q.idPattern.test(e.id) : true)))) return false;
    }
    if (q.attrs) {
      const offered = [...(i.propertyNames ?? []), ...(i.relationshipNames ?? [])];
      if (offered.length && !q.attrs.some((a) => offered.includes(a))) return false;
    }
    return true;
  });
}
