import type { TermResolver } from '../context/term-map.js';
import { normalizeEntity } from '../model/normalize.js';
import { attributeNames, instancesOf, type Instance, type StoredEntity } from '../model/types.js';
import type { SourcePlan } from './matching.js';

/**
 * A source's entity (normalized, compacted with `r`) in the stored form, keeping only the
 * attributes the source is registered for (`keep`, null = all). Null when it is not a valid
 * entity: one bad item does not spoil the rest of an answer.
 */
export function fromRemote(body: unknown, r: TermResolver, keep: string[] | null): StoredEntity | null {
  const now = new Date().toISOString();
  let input;
  try {
    input = normalizeEntity(body, r, { requireId: true, requireType: true, now });
  } catch {
    return null;
  }
  const e: StoredEntity = { id: input.id, types: input.types, scopes: input.scopes, attrs: {}, datasets: null, createdAt: now, modifiedAt: now, departmentId: null, divisionCode: null };
  for (const [iri, list] of input.attrs) {
    if (!list || (keep && !keep.includes(iri))) continue;
    setInstances(e, iri, list);
  }
  return e;
}

function setInstances(e: StoredEntity, iri: string, list: Instance[]): void {
  delete e.attrs[iri];
  if (e.datasets) delete e.datasets[iri];
  for (const i of list) {
    if (i.datasetId === undefined) e.attrs[iri] = i;
    else ((e.datasets ??= {})[iri] ??= []).push(i);
  }
}

/** Same datasetId in both: the most recent observedAt wins (clause 5.7.1.4); a tie keeps what is there. */
const newer = (a: Instance, b: Instance) => typeof a.observedAt === 'string' && (typeof b.observedAt !== 'string' || a.observedAt > b.observedAt);

/**
 * Merges a source's entity into `into` (clause 4.3.6.2): inclusive and redirect merge instance by
 * instance (keyed by datasetId); auxiliary only fills attributes `into` lacks; exclusive replaces
 * the attributes it is registered for on its registered entity ids and merges the rest inclusively.
 */
export function mergeEntity(into: StoredEntity, from: StoredEntity, plan: Pick<SourcePlan, 'reg' | 'exclusive'>): void {
  into.types = [...new Set([...into.types, ...from.types])];
  if (from.scopes?.length) into.scopes = [...new Set([...(into.scopes ?? []), ...from.scopes])];
  const own = new Set(attributeNames(into));
  const exclusive = plan.exclusive?.ids.has(into.id) ? plan.exclusive.attrs : null;
  if (exclusive) for (const iri of exclusive) setInstances(into, iri, instancesOf(from, iri));
  for (const iri of attributeNames(from)) {
    if (exclusive?.has(iri)) continue;
    if (plan.reg.mode === 'auxiliary') {
      if (!own.has(iri)) setInstances(into, iri, instancesOf(from, iri));
      continue;
    }
    const byDataset = new Map(instancesOf(into, iri).map((i) => [i.datasetId ?? '', i]));
    for (const i of instancesOf(from, iri)) {
      const k = i.datasetId ?? '';
      const mine = byDataset.get(k);
      if (!mine || newer(i, mine)) byDataset.set(k, i);
    }
    setInstances(into, iri, [...byDataset.values()]);
  }
}

/** A copy deep enough that merging into it leaves the source's entity alone. */
export function cloneEntity(e: StoredEntity): StoredEntity {
  return {
    ...e, types: [...e.types], scopes: e.scopes ? [...e.scopes] : null, attrs: { ...e.attrs },
    datasets: e.datasets ? Object.fromEntries(Object.entries(e.datasets).map(([k, v]) => [k, [...v]])) : null,
  };
}

/**
 * Local entities and each source's, merged by id: non-auxiliary sources first, auxiliary ones
 * last (they fill only what the others left missing). The result is sorted by id.
 */
export function mergeAll(local: StoredEntity[], remote: { plan: Pick<SourcePlan, 'reg' | 'exclusive'>; entities: StoredEntity[] }[]): StoredEntity[] {
  const byId = new Map(local.map((e) => [e.id, cloneEntity(e)]));
  const ordered = [...remote.filter((x) => x.plan.reg.mode !== 'auxiliary'), ...remote.filter((x) => x.plan.reg.mode === 'auxiliary')];
  for (const { plan, entities } of ordered) {
    for (const e of entities) {
      const mine = byId.get(e.id);
      if (mine) mergeEntity(mine, e, plan);
      else byId.set(e.id, cloneEntity(e));
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
