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

/** Writes the new state of entities (insert or replace) in one statement. */
export async function saveEntities(q: Queryable, tenant: string, list: StoredEntity[]): Promise<void> {
  if (!list.length) return;
  await q.query(
    `insert into ngsi.entities as e (tenant, id, types, scopes, attrs, datasets, location_box, department_id, division_code, created_at, modified_at)
     select $1, x.id, string_to_array(x.types, chr(1)), case when x.scopes is null then null else string_to_array(x.scopes, chr(1)) end,
            x.attrs::jsonb, x.datasets::jsonb, x.box::box, x.dept, x.div, x.created::timestamptz, x.modified::timestamptz
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
       as x(id, types, scopes, attrs, datasets, box, dept, div, created, modified)
     on conflict (tenant, id) do update set types = excluded.types, scopes = excluded.scopes, attrs = excluded.attrs,
       datasets = excluded.datasets, location_box = excluded.location_box, department_id = excluded.department_id,
       division_code = excluded.division_code, modified_at = excluded.modified_at`,
    [
      tenant, list.map((e) => e.id), list.map((e) => e.types.join('\u0001')), list.map((e) => (e.scopes ? e.scopes.join('\u0001') : null)),
      list.map((e) => JSON.stringify(e.attrs)), list.map((e) => (e.datasets ? JSON.stringify(e.datasets) : null)), list.map((e) => locationBox(e)),
      list.map((e) => e.departmentId), list.map((e) => e.divisionCode), list.map((e) => e.createdAt), list.map((e) => e.modifiedAt),
    ],
  );
}

export async function deleteEntities(q: Queryable, tenant: string, ids: string[]): Promise<void> {
  if (ids.length) await q.query('delete from ngsi.entities where tenant = $1 and id = any($2::text[])', [tenant, ids]);
}
