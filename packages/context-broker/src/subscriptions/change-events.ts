import { attributeNames, instancesOf, type Instance, type StoredEntity } from '../model/types.js';
import type { ChangeEvent } from './matcher.js';

/** The NGSI-LD Null: how notifications show what was deleted (clause 5.2.1). */
export const NGSI_NULL = 'urn:ngsi-ld:null';

/**
 * What one write did to an entity, attribute by attribute: an attribute with instances only
 * after was created, only before was deleted; a datasetId that appeared or disappeared counts
 * as created or deleted too, and an attribute written with the same datasetIds was updated.
 * `changed` = the attributes the operation wrote (null = all of both sides, as replace does).
 */
export function changeEvent(before: StoredEntity | null, after: StoredEntity | null, changed: string[] | null): ChangeEvent {
  if (!before) return { kind: 'created' };
  if (!after) return { kind: 'deleted' };
  const names = changed ?? [...new Set([...attributeNames(before), ...attributeNames(after)])];
  const ev = { kind: 'updated' as const, created: [] as string[], updated: [] as string[], deleted: [] as string[] };
  for (const iri of names) {
    const was = new Set(instancesOf(before, iri).map((i) => i.datasetId ?? ''));
    const is = new Set(instancesOf(after, iri).map((i) => i.datasetId ?? ''));
    const added = [...is].some((d) => !was.has(d));
    const removed = [...was].some((d) => !is.has(d));
    if (added) ev.created.push(iri);
    if (removed) ev.deleted.push(iri);
    if (!added && !removed && is.size) ev.updated.push(iri);
  }
  return ev;
}

/** An instance standing for a deleted one: same kind and datasetId, the NGSI-LD Null as its value. */
function nullInstance(i: Instance, at: string): Instance {
  const out: Instance = { type: i.type, deletedAt: at, ...(i.datasetId ? { datasetId: i.datasetId } : {}) };
  if (i.type === 'Relationship' || i.type === 'ListRelationship') out.object = NGSI_NULL;
  else if (i.type === 'LanguageProperty') out.languageMap = { '@none': NGSI_NULL };
  else if (i.type === 'VocabProperty') out.vocab = NGSI_NULL;
  else if (i.type === 'JsonProperty') out.json = NGSI_NULL;
  else out.value = NGSI_NULL;
  return out;
}

/**
 * The entity as notified to a subscription that listens to attribute deletions: the state
 * after the change, with every deleted instance shown as the NGSI-LD Null.
 */
export function withDeletions(before: StoredEntity, after: StoredEntity, deleted: string[], at: string): StoredEntity {
  const out: StoredEntity = { ...after, attrs: { ...after.attrs }, datasets: after.datasets ? { ...after.datasets } : null };
  for (const iri of deleted) {
    const left = new Set(instancesOf(after, iri).map((i) => i.datasetId ?? ''));
    for (const i of instancesOf(before, iri)) {
      if (left.has(i.datasetId ?? '')) continue;
      if (!i.datasetId) out.attrs[iri] = nullInstance(i, at);
      else (out.datasets ??= {})[iri] = [...(out.datasets[iri] ?? []), nullInstance(i, at)];
    }
  }
  return out;
}

/** The outbox snapshot of a deleted entity: its last state, marked with the deletion time. */
export const deletedSnapshot = (before: StoredEntity, at: string): StoredEntity & { deletedAt: string } => ({ ...before, deletedAt: at });

/**
 * A deleted entity as notified (clause 5.2.12 entityDeleted): id, type and deletedAt, plus
 * the attributes the subscription names, each as the NGSI-LD Null.
 */
export function deletedEntityView(e: StoredEntity & { deletedAt: string }, attrs: Set<string> | null): StoredEntity & { deletedAt: string } {
  const out = { ...e, attrs: {} as Record<string, Instance>, datasets: null as StoredEntity['datasets'] };
  if (!attrs) return out;
  for (const iri of attrs) {
    for (const i of instancesOf(e, iri)) {
      if (!i.datasetId) out.attrs[iri] = nullInstance(i, e.deletedAt);
      else (out.datasets ??= {})[iri] = [...(out.datasets[iri] ?? []), nullInstance(i, e.deletedAt)];
    }
  }
  return out;
}
