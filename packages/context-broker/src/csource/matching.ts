import type { TypeNode } from '../query/type-selector.js';
import { registrationMatches, type RegistrationInfo, type StoredRegistration } from './registration-model.js';

/** What a distributed read asks for, in expanded names (clause 4.3.6). */
export interface ReadAsk {
  op: 'retrieveEntity' | 'queryEntity';
  types: string[] | null;
  ids: string[] | null;
  idPattern: string | null;
  attrs: string[] | null;
}

/** One source to ask and how: the attributes to request (null = all) and those it owns exclusively. */
export interface SourcePlan {
  reg: StoredRegistration;
  attrs: string[] | null;
  /** exclusive mode: attributes of `exclusiveIds` answered by this source only. */
  exclusive: { ids: Set<string>; attrs: Set<string> } | null;
}

// Operation groups of clause 4.20 that contain retrieveEntity and queryEntity.
const GROUPS = new Set(['federationOps', 'retrieveOps', 'redirectionOps']);

/** Every type name a selection mentions (a superset of what it matches: fine for choosing sources). */
export function typeNames(n: TypeNode): string[] {
  return n.kind === 'type' ? [n.name] : n.items.flatMap(typeNames);
}

const offeredBy = (i: RegistrationInfo): string[] => [...(i.propertyNames ?? []), ...(i.relationshipNames ?? [])];

/**
 * The registrations a read is forwarded to (clause 4.3.6.3): live ones (the repository leaves
 * expired ones out) whose `operations`, if given, include the read, and whose information covers
 * the asked types, ids and attributes. `redirect` is read like `inclusive`.
 */
export function planSources(regs: StoredRegistration[], ask: ReadAsk): SourcePlan[] {
  const out: SourcePlan[] = [];
  const filter = { types: ask.types, ids: ask.ids, idPattern: ask.idPattern ? safeRegExp(ask.idPattern) : null, attrs: ask.attrs };
  for (const reg of regs) {
    if (reg.operations && !reg.operations.some((o) => o === ask.op || GROUPS.has(o))) continue;
    const infos = reg.information.filter((i) => registrationMatches({ ...reg, information: [i] }, filter));
    if (!infos.length) continue;
    // Attributes to ask: the asked ones the source offers, or all it offers; null = no restriction.
    const offered = infos.some((i) => !offeredBy(i).length) ? null : [...new Set(infos.flatMap(offeredBy))];
    const attrs = offered && ask.attrs ? ask.attrs.filter((a) => offered.includes(a)) : (offered ?? ask.attrs);
    if (attrs && !attrs.length) continue;
    out.push({ reg, attrs, exclusive: reg.mode === 'exclusive' ? exclusiveOf(infos) : null });
  }
  return out;
}

/** exclusive registrations name entity ids and attributes (clause 4.3.6.2); otherwise they are read as inclusive. */
function exclusiveOf(infos: RegistrationInfo[]): SourcePlan['exclusive'] {
  const ids = new Set<string>();
  const attrs = new Set<string>();
  for (const i of infos) {
    const withId = (i.entities ?? []).filter((e) => e.id).map((e) => e.id!);
    if (!withId.length || !offeredBy(i).length) continue;
    withId.forEach((x) => ids.add(x));
    offeredBy(i).forEach((a) => attrs.add(a));
  }
  return ids.size ? { ids, attrs } : null;
}

function safeRegExp(p: string): RegExp | null {
  try {
    return new RegExp(p);
  } catch {
    return null;
  }
}
