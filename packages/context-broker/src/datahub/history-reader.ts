import { serviceKey, type Db } from '@zhicheng/kernel';
import type { TermResolver } from '../context/term-map.js';
import { ENTITY_COLUMNS, fromRow, type EntityRow } from '../entities/entity-rows.js';
import { isGeometry, representativePoint } from '../model/geometry.js';
import { renderEntity } from '../model/render.js';
import { LOCATION_IRI } from '../model/types.js';

/** An entity as it stands, in short (Smart Data Models) names with simplified values. */
export interface EntitySnapshot {
  entityId: string;
  entityType: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: [number, number] | null;
  attributes: Record<string, unknown>;
  /** Epoch ms of the last change. */
  observedAt: number | null;
}

/** The attributes of one entity observed at one instant. */
export interface HistoryPoint extends Omit<EntitySnapshot, 'observedAt'> {
  at: number;
}

/**
 * Read access for the platform's own consumers (rule preview and restart, indicators): the
 * current entities of a type and their history in time order. Not scoped to a caller: the
 * consumer scopes what it shows (alarms and indicators are filtered by their own services).
 */
export interface ContextBrokerReader {
  entities(q: { entityType: string; tenant?: string; limit?: number }): Promise<EntitySnapshot[]>;
  history(q: { entityType: string; attributes: string[]; from: Date; to: Date; entityIds?: string[]; limit?: number; tenant?: string }): Promise<HistoryPoint[]>;
}

export const contextBrokerReaderKey = serviceKey<ContextBrokerReader>('ngsi.reader');

const locationOf = (attrs: Record<string, unknown>): [number, number] | null => {
  const inst = attrs[LOCATION_IRI] as { value?: unknown } | undefined;
  return inst && isGeometry(inst.value) ? representativePoint(inst.value) : null;
};

export function createHistoryReader(db: Db, sdm: TermResolver): ContextBrokerReader {
  return {
    async entities(q) {
      const rows = await db.query<EntityRow>(
        `select ${ENTITY_COLUMNS} from ngsi.entities e where e.tenant = $1 and $2 = any(e.types) order by e.id limit $3`,
        [q.tenant ?? '', sdm.expand(q.entityType), q.limit ?? 100_000],
      );
      return rows.map((r) => {
        const e = fromRow(r);
        const { id: _id, type: _type, ...attributes } = renderEntity(e, sdm, { format: 'keyValues', attrs: null });
        return {
          entityId: e.id, entityType: q.entityType, departmentId: r.department_id, divisionCode: r.division_code,
          location: locationOf(e.attrs as Record<string, unknown>), attributes, observedAt: e.modifiedAt ? new Date(e.modifiedAt).getTime() : null,
        };
      });
    },

    async history(q) {
      const params: unknown[] = [q.tenant ?? '', sdm.expand(q.entityType), q.from.toISOString(), q.to.toISOString(), q.limit ?? 200_000];
      const only = q.entityIds?.length ? `and h.entity_id = any($${params.push(q.entityIds)}::text[])` : '';
      const rows = await db.query<{ entity_id: string; ts: Date; attrs: Record<string, { v?: unknown }>; department_id: string | null; division_code: string | null; loc: Record<string, unknown> | null }>(
        `select h.entity_id, h.ts, ngsi.history_cells(h.attrs, h.nk, h.nv) as attrs, e.department_id, e.division_code, jsonb_build_object('${LOCATION_IRI}', e.attrs->'${LOCATION_IRI}') as loc
         from ngsi.history h join ngsi.entities e on e.tenant = h.tenant and e.id = h.entity_id
         where h.tenant = $1 and $2 = any(e.types) and h.ts >= $3 and h.ts < $4 ${only}
         order by h.ts limit $5`,
        params,
      );
      const wanted = new Set(q.attributes);
      return rows.map((r) => {
        const attributes: Record<string, unknown> = {};
        for (const [key, inst] of Object.entries(r.attrs)) {
          if (key.includes(' ')) continue; // instances with a datasetId are not the default value
          const name = sdm.compact(key);
          if (!wanted.size || wanted.has(name)) attributes[name] = inst?.v;
        }
        return {
          entityId: r.entity_id, entityType: q.entityType, departmentId: r.department_id, divisionCode: r.division_code,
          location: r.loc ? locationOf(r.loc) : null, attributes, at: new Date(r.ts).getTime(),
        };
      });
    },
  };
}
