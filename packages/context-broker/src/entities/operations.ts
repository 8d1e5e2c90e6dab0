import { badData, NgsiError } from '../errors.js';
import type { EntityInput } from '../model/normalize.js';
import { CORE_MEMBERS, type Instance, type StoredEntity } from '../model/types.js';

/**
 * The NGSI-LD attribute operations as pure functions of (current entity, input): the route
 * and batch layers share them, and the transaction around them locks the row first, so
 * concurrent writers of different attributes of one entity never lose each other's work.
 */
export interface OpResult {
  after: StoredEntity | null;
  changed: string[] | null;
  notUpdated?: { attributeName: string; reason: string }[];
}

function setInstances(e: StoredEntity, iri: string, list: Instance[]) {
  const def = list.find((i) => !i.datasetId);
  const more = list.filter((i) => i.datasetId);
  if (def) e.attrs[iri] = def;
  else delete e.attrs[iri];
  if (more.length) (e.datasets ??= {})[iri] = more;
  else if (e.datasets) delete e.datasets[iri];
  if (e.datasets && !Object.keys(e.datasets).length) e.datasets = null;
}

const existing = (e: StoredEntity, iri: string): Instance[] => [...(e.attrs[iri] ? [e.attrs[iri]!] : []), ...(e.datasets?.[iri] ?? [])];

/** Replaces instances with the same datasetId, keeps the others (append / update semantics). */
function putInstances(e: StoredEntity, iri: string, incoming: Instance[], keepCreated: boolean) {
  const cur = existing(e, iri);
  const byDs = new Map(cur.map((i) => [i.datasetId ?? '', i]));
  for (const i of incoming) {
    const prior = byDs.get(i.datasetId ?? '');
    byDs.set(i.datasetId ?? '', keepCreated && prior?.createdAt ? { ...i, createdAt: prior.createdAt } : i);
  }
  setInstances(e, iri, [...byDs.values()]);
}

/** Merge-patch of one instance: members given replace, sub-attributes merge, nulls delete. */
function mergeInstance(prior: Instance, patch: Instance): Instance {
  const out: Instance = { ...prior };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'createdAt') continue;
    if (!CORE_MEMBERS.has(k) && prior[k] && v && typeof v === 'object') out[k] = mergeInstance(prior[k] as Instance, v as Instance);
    else out[k] = v;
  }
  if (patch.type !== prior.type) {
    for (const m of ['value', 'object', 'languageMap', 'vocab', 'json'] as const) if (!(m in patch)) delete out[m];
  }
  return out;
}

const clone = (e: StoredEntity): StoredEntity => ({ ...e, attrs: { ...e.attrs }, datasets: e.datasets ? { ...e.datasets } : null, types: [...e.types] });

export function opCreate(current: StoredEntity | null, input: EntityInput, owner: { departmentId: string | null; divisionCode: string | null }, now: string): OpResult {
  if (current) throw new NgsiError('AlreadyExists', `Entity ${input.id} already exists.`);
  if (!input.types.length) throw badData('The entity has no type.');
  const e: StoredEntity = { id: input.id, types: input.types, scopes: input.scopes, attrs: {}, datasets: null, createdAt: now, modifiedAt: now, ...owner };
  for (const [iri, list] of input.attrs) if (list) setInstances(e, iri, list);
  return { after: e, changed: null };
}

export function opReplace(current: StoredEntity, input: EntityInput, now: string): OpResult {
  const e: StoredEntity = { ...current, types: input.types.length ? input.types : current.types, scopes: input.scopes, attrs: {}, datasets: null, modifiedAt: now };
  for (const [iri, list] of input.attrs) if (list) setInstances(e, iri, list);
  return { after: e, changed: null };
}

export function opAppend(current: StoredEntity, input: EntityInput, noOverwrite: boolean, now: string): OpResult {
  const e = clone(current);
  const changed: string[] = [];
  const notUpdated: OpResult['notUpdated'] = [];
  if (input.types.length) e.types = [...new Set([...e.types, ...input.types])];
  if (input.scopes) e.scopes = [...new Set([...(e.scopes ?? []), ...input.scopes])];
  for (const [iri, list] of input.attrs) {
    if (!list) continue;
    if (noOverwrite) {
      const have = new Set(existing(e, iri).map((i) => i.datasetId ?? ''));
      const fresh = list.filter((i) => !have.has(i.datasetId ?? ''));
      if (fresh.length < list.length) notUpdated.push({ attributeName: iri, reason: 'The attribute exists and options=noOverwrite was given.' });
      if (!fresh.length) continue;
      putInstances(e, iri, fresh, true);
    } else putInstances(e, iri, list, true);
    changed.push(iri);
  }
  e.modifiedAt = now;
  return { after: e, changed, notUpdated };
}

export function opUpdate(current: StoredEntity, input: EntityInput, now: string): OpResult {
  const e = clone(current);
  const changed: string[] = [];
  const notUpdated: OpResult['notUpdated'] = [];
  for (const [iri, list] of input.attrs) {
    if (!list) continue;
    const have = new Set(existing(e, iri).map((i) => i.datasetId ?? ''));
    const ok = list.filter((i) => have.has(i.datasetId ?? ''));
    if (ok.length < list.length) notUpdated.push({ attributeName: iri, reason: 'The entity has no such attribute (or datasetId).' });
    if (!ok.length) continue;
    putInstances(e, iri, ok, true);
    changed.push(iri);
  }
  if (changed.length) e.modifiedAt = now;
  return { after: e, changed, notUpdated };
}

/** PATCH /entities/{id} (merge): attributes merge at member level, null deletes. */
export function opMerge(current: StoredEntity, input: EntityInput, now: string): OpResult {
  const e = clone(current);
  const changed: string[] = [];
  if (input.types.length) e.types = [...new Set([...e.types, ...input.types])];
  if (input.scopes) e.scopes = input.scopes;
  for (const [iri, list] of input.attrs) {
    changed.push(iri);
    if (list === null) {
      setInstances(e, iri, []);
      continue;
    }
    const cur = existing(e, iri);
    const byDs = new Map(cur.map((i) => [i.datasetId ?? '', i]));
    for (const i of list) {
      const prior = byDs.get(i.datasetId ?? '');
      byDs.set(i.datasetId ?? '', prior ? { ...mergeInstance(prior, i), modifiedAt: now } : i);
    }
    setInstances(e, iri, [...byDs.values()]);
  }
  e.modifiedAt = now;
  return { after: e, changed };
}

/** PATCH /entities/{id}/attrs/{attr}: partial update of existing instance(s); 404 when absent. */
export function opPatchAttr(current: StoredEntity, iri: string, name: string, list: Instance[], now: string): OpResult {
  const e = clone(current);
  const cur = existing(e, iri);
  const byDs = new Map(cur.map((i) => [i.datasetId ?? '', i]));
  for (const i of list) {
    const prior = byDs.get(i.datasetId ?? '');
    if (!prior) throw new NgsiError('ResourceNotFound', `Entity ${current.id} has no attribute ${name}${i.datasetId ? ` with datasetId ${i.datasetId}` : ''}.`);
    byDs.set(i.datasetId ?? '', { ...mergeInstance(prior, i), modifiedAt: now });
  }
  setInstances(e, iri, [...byDs.values()]);
  e.modifiedAt = now;
  return { after: e, changed: [iri] };
}

/** PUT /entities/{id}/attrs/{attr}: replaces the attribute; 404 when absent. */
export function opReplaceAttr(current: StoredEntity, iri: string, name: string, list: Instance[], now: string): OpResult {
  if (!existing(current, iri).length) throw new NgsiError('ResourceNotFound', `Entity ${current.id} has no attribute ${name}.`);
  const e = clone(current);
  putInstances(e, iri, list, true);
  e.modifiedAt = now;
  return { after: e, changed: [iri] };
}

export function opDeleteAttr(current: StoredEntity, iri: string, name: string, datasetId: string | null, deleteAll: boolean, now: string): OpResult {
  const cur = existing(current, iri);
  const keep = deleteAll ? [] : cur.filter((i) => (i.datasetId ?? null) !== datasetId);
  if (keep.length === cur.length) throw new NgsiError('ResourceNotFound', `Entity ${current.id} has no attribute ${name}${datasetId ? ` with datasetId ${datasetId}` : ''}.`);
  const e = clone(current);
  setInstances(e, iri, keep);
  e.modifiedAt = now;
  return { after: e, changed: [iri] };
}
