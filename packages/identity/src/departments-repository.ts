import type { Queryable } from '@zhicheng/kernel';

export type DepartmentKind = 'government' | 'bureau' | 'centre' | 'other';

export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  parentId: string | null;
  path: string[];
  divisionCode: string;
  disabled: boolean;
}

interface Row { id: string; name: string; kind: DepartmentKind; parent_id: string | null; path: string[]; division_code: string; disabled: boolean }
const toDepartment = (r: Row): Department => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, path: r.path, divisionCode: r.division_code, disabled: r.disabled });
const COLS = 'id, name, kind, parent_id, path, division_code, disabled';

export interface DepartmentFilter {
  /** Subtree of this department (itself included). */
  within?: string;
  /** Departments whose division lies in these codes (an expanded subtree). */
  divisionCodes?: string[];
  q?: string;
  includeDisabled?: boolean;
  limit: number;
  offset: number;
}

export function createDepartmentsRepository(db: Queryable) {
  return {
    async get(id: string): Promise<Department | null> {
      const [r] = await db.query<Row>(`select ${COLS} from identity.departments where id = $1`, [id]);
      return r ? toDepartment(r) : null;
    },

    async all(): Promise<Department[]> {
      return (await db.query<Row>(`select ${COLS} from identity.departments order by array_length(path, 1), name`)).map(toDepartment);
    },

    async list(f: DepartmentFilter, scope: { sql: string; params: unknown[] }): Promise<{ items: Department[]; total: number }> {
      const params = [...scope.params];
      const where = [scope.sql];
      if (f.within) where.push(`$${params.push(f.within)} = any(path)`);
      if (f.divisionCodes) where.push(`division_code = any($${params.push(f.divisionCodes)}::text[])`);
      if (f.q) where.push(`strpos(name, $${params.push(f.q)}) > 0`);
      if (!f.includeDisabled) where.push('not disabled');
      const w = `where ${where.join(' and ')}`;
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from identity.departments ${w}`, params);
      const rows = await db.query<Row>(
        `select ${COLS} from identity.departments ${w} order by array_length(path, 1), division_code, name limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return { items: rows.map(toDepartment), total: n };
    },

    /** Inserts unless a department with this id, or this name under the same parent, exists; returns whether it was new. */
    async insert(d: Omit<Department, 'path' | 'disabled'>, parentPath: string[] | null): Promise<boolean> {
      const rows = await db.query(
        `insert into identity.departments (id, name, kind, parent_id, path, division_code) values ($1, $2, $3, $4, $5::text[], $6)
         on conflict do nothing returning id`,
        [d.id, d.name, d.kind, d.parentId, [...(parentPath ?? []), d.id], d.divisionCode],
      );
      return rows.length > 0;
    },

    async update(id: string, patch: { name?: string; kind?: DepartmentKind; divisionCode?: string; disabled?: boolean }): Promise<Department | null> {
      const [r] = await db.query<Row>(
        `update identity.departments set name = coalesce($2, name), kind = coalesce($3, kind), division_code = coalesce($4, division_code),
           disabled = coalesce($5, disabled), updated_at = now() where id = $1 returning ${COLS}`,
        [id, patch.name ?? null, patch.kind ?? null, patch.divisionCode ?? null, patch.disabled ?? null],
      );
      return r ? toDepartment(r) : null;
    },

    async activeChildren(id: string): Promise<number> {
      const [r] = await db.query<{ n: number }>('select count(*)::int as n from identity.departments where parent_id = $1 and not disabled', [id]);
      return r?.n ?? 0;
    },
  };
}
