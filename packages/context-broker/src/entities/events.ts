import type { TermResolver } from '../context/term-map.js';
import { representativePoint, isGeometry } from '../model/geometry.js';
import { simpleValue } from '../model/render.js';
import { LOCATION_IRI, instancesOf, type StoredEntity } from '../model/types.js';

/**
 * The bus contract for rules and other consumers (see README): one payload per changed
 * entity, on `datahub.entity.updated` for single operations and as an array on
 * `datahub.entities.updated` for batches and bulk writes.
 */
export interface EntityUpdatedEvent {
  tenant: string;
  entityId: string;
  /** Short name when the core or Smart Data Models context knows the type, else the IRI. */
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: [number, number] | null;
  /** The latest observedAt among the changed attributes, else the time of the change. */
  observedAt: string;
  /** Changed attributes by short name, with simplified (keyValues) values. */
  attributes: Record<string, unknown>;
}

export interface EntityDeletedEvent {
  tenant: string;
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
}

export const ENTITY_UPDATED = 'datahub.entity.updated';
export const ENTITIES_UPDATED = 'datahub.entities.updated';
export const ENTITY_DELETED = 'datahub.entity.deleted';

export function updatedEvent(tenant: string, e: StoredEntity, changed: string[], sdm: TermResolver, now: string): EntityUpdatedEvent {
  const attributes: Record<string, unknown> = {};
  let observedAt = '';
  for (const iri of changed) {
    const all = instancesOf(e, iri);
    if (!all.length) continue;
    const vals = all.map((i) => simpleValue(i, sdm));
    attributes[sdm.compact(iri)] = vals.length === 1 ? vals[0] : vals;
    for (const i of all) if (i.observedAt && i.observedAt > observedAt) observedAt = i.observedAt;
  }
  const loc = e.attrs[LOCATION_IRI]?.value;
  return {
    tenant, entityId: e.id, entityType: sdm.compact(e.types[0] ?? ''), departmentId: e.departmentId, divisionCode: e.divisionCode,
    location: isGeometry(loc) ? representativePoint(loc) : null, observedAt: observedAt || now, attributes,
  };
}
