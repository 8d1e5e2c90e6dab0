import type { Queryable } from '@zhicheng/kernel';
import { geometryBbox, isGeometry } from '../model/geometry.js';
import { LOCATION_IRI, type Instance, type StoredEntity } from '../model/types.js';

export interface EntityRow {
  id: string;
  types: string[];
  scopes: string[] | null;
  attrs: Record<string, Instance>;
  datasets: Record<string, Instance[]> | null;
  department_id: string | null;
  division_code: string | null;
  created_at: Date | string;
  modified_at: Date | string;
}

export const ENTITY_COLUMNS = 'e.id, e.types, e.scopes, e.attrs, e.datasets, e.department_id, e.division_code, e.created_at, e.modified_at';

const iso = (t: Date | string) => (t instanceof Date ? t.toISOString() : new Date(t).toISOString());

export function fromRow(r: EntityRow): StoredEntity {
  return {
    id: r.id, types: r.types, scopes: r.scopes, attrs: r.attrs ?? {}, datasets: r.datasets && Object.keys(r.datasets).length ? r.datasets : null,
    departmentId: r.department_id, divisionCode: r.division_code, createdAt: iso(r.created_at), modifiedAt: iso(r.modified_at),
  };
}

/** The box of the `location` GeoProperty's default instance, as PostgreSQL box text. */
export function locationBox(e: Pick<StoredEntity, 'attrs'>): string | null {
  const loc = e.attrs[LOCATION_IRI];
  if (!loc || !isGeometry(loc.value)) return null;
  const [a, b, c, d] = geometryBbox(loc.value);
  return `(${c},${d}),(${a},${b})`;
}

export async function loadEntities(q: Queryable, tenant: string, ids: string[], forUpdate: boolean): Promise<Map<string, StoredEntity>> {
  if (!ids.length) return new Map();
  const rows = await q.query<EntityRow>(
    `select ${ENTITY_COLUMNS} from ngsi.entities e where e.tenant = $1 and e.id = any($2::text[]) order by e.id ${forUpdate ? 'for update' : ''}`,
    [tenant, ids],
  );
  return new Map(rows.map((r) => [r.id, fromRow(r)]));
}

/**
 * Writes the new state of entities (insert or replace) in one statement. The rows travel as one
 * json document (jsonb_to_recordset): text arrays would escape every quote of every attrs text.
 */
export async function saveEntities(q: Queryable, tenant: string, list: StoredEntity[]): Promise<void> {
  if (!list.length) return;
  const doc = JSON.stringify(list.map((e) => ({
    id: e.id, types: e.types, scopes: e.scopes, attrs: e.attrs, datasets: e.datasets, box: locationBox(e),
    dept: e.departmentId, div: e.divisionCode, created: e.createdAt, modified: e.modifiedAt,
  })));
  await q.query(
    `insert into ngsi.entities as e (tenant, id, types, scopes, attrs, datasets, location_box, department_id, division_code, created_at, modified_at)
     select $1, x.id, x.types, x.scopes, x.attrs, x.datasets, x.box::box, x.dept, x.div, x.created, x.modified
     from jsonb_to_recordset($2::jsonb)
       as x(id text, types text[], scopes text[], attrs jsonb, datasets jsonb, box text, dept text, div text, created timestamptz, modified timestamptz)
     on conflict (tenant, id) do update set types = excluded.types, scopes = excluded.scopes, attrs = excluded.attrs,
       datasets = excluded.datasets, location_box = excluded.location_box, department_id = excluded.department_id,
       division_code = excluded.division_code, modified_at = excluded.modified_at`,
    [tenant, doc],
  );
}

export async function deleteEntities(q: Queryable, tenant: string, ids: string[]): Promise<void> {
  if (ids.length) await q.query('delete from ngsi.entities where tenant = $1 and id = any($2::text[])', [tenant, ids]);
}
