import type { Queryable } from '@zhicheng/kernel';
import type { Grant } from './scope.js';

export interface Role {
  id: string;
  nameZh: string;
  nameEn: string;
  description: string;
  builtin: boolean;
  permissions: string[];
}

export interface Assignment {
  id: string;
  userId: string;
  username: string;
  roleId: string;
  departmentScopeId: string | null;
  divisionScopeCode: string | null;
  source: 'local' | 'oidc';
  createdBy: string | null;
  createdAt: Date;
}

interface RoleRow { id: string; name_zh: string; name_en: string; description: string; builtin: boolean; permissions: string[] }
const toRole = (r: RoleRow): Role => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en, description: r.description, builtin: r.builtin, permissions: r.permissions });

interface AssignmentRow { id: string; user_id: string; username: string; role_id: string; department_scope_id: string | null; division_scope_code: string | null; source: 'local' | 'oidc'; created_by: string | null; created_at: Date }
const toAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id, userId: r.user_id, username: r.username, roleId: r.role_id, departmentScopeId: r.department_scope_id, divisionScopeCode: r.division_scope_code,
  source: r.source, createdBy: r.created_by, createdAt: new Date(r.created_at),
});
const ASSIGNMENT_SELECT = `select a.id, a.user_id, u.username, a.role_id, a.department_scope_id, a.division_scope_code, a.source, a.created_by, a.created_at
  from identity.role_assignments a join identity.users u on u.id = a.user_id`;

export function createRolesRepository(db: Queryable) {
  return {
    async all(): Promise<Role[]> {
      return (await db.query<RoleRow>('select * from identity.roles order by builtin desc, id')).map(toRole);
    },

    async get(id: string): Promise<Role | null> {
      const [r] = await db.query<RoleRow>('select * from identity.roles where id = $1', [id]);
      return r ? toRole(r) : null;
    },

    /** Built-in roles follow the code: created if missing, brought back to their definition if changed. */
    async upsertBuiltin(r: Omit<Role, 'builtin'>): Promise<void> {
      await db.query(
        `insert into identity.roles (id, name_zh, name_en, description, builtin, permissions) values ($1, $2, $3, $4, true, $5::text[])
         on conflict (id) do update set name_zh = $2, name_en = $3, description = $4, builtin = true, permissions = $5::text[], updated_at = now()`,
        [r.id, r.nameZh, r.nameEn, r.description, r.permissions],
      );
    },

    async insert(r: Omit<Role, 'builtin'>): Promise<boolean> {
      const rows = await db.query(
        `insert into identity.roles (id, name_zh, name_en, description, builtin, permissions) values ($1, $2, $3, $4, false, $5::text[])
         on conflict (id) do nothing returning id`,
        [r.id, r.nameZh, r.nameEn, r.description, r.permissions],
      );
      return rows.length > 0;
    },

    async update(id: string, patch: { nameZh?: string; nameEn?: string; description?: string; permissions?: string[] }): Promise<void> {
      await db.query(
        `update identity.roles set name_zh = coalesce($2, name_zh), name_en = coalesce($3, name_en), description = coalesce($4, description),
           permissions = coalesce($5::text[], permissions), updated_at = now() where id = $1 and not builtin`,
        [id, patch.nameZh ?? null, patch.nameEn ?? null, patch.description ?? null, patch.permissions ?? null],
      );
    },

    async remove(id: string): Promise<void> {
      await db.query('delete from identity.roles where id = $1 and not builtin', [id]);
    },

    async assignmentCount(roleId: string): Promise<number> {
      const [r] = await db.query<{ n: number }>('select count(*)::int as n from identity.role_assignments where role_id = $1', [roleId]);
      return r?.n ?? 0;
    },

    /** Every permission a user holds, with the scope of the assignment that gives it. */
    async grantsOf(userId: string): Promise<{ grants: Grant[]; roles: string[] }> {
      const rows = await db.query<{ role_id: string; permissions: string[]; department_scope_id: string | null; division_scope_code: string | null }>(
        `select a.role_id, r.permissions, a.department_scope_id, a.division_scope_code
         from identity.role_assignments a join identity.roles r on r.id = a.role_id where a.user_id = $1`,
        [userId],
      );
      const grants = rows.flatMap((r) => r.permissions.map((permission) => ({ permission, departmentScope: r.department_scope_id, divisionScope: r.division_scope_code })));
      return { grants, roles: [...new Set(rows.map((r) => r.role_id))].sort() };
    },

    async listAssignments(f: { userId?: string; roleId?: string; limit: number; offset: number }): Promise<{ items: Assignment[]; total: number }> {
      const params: unknown[] = [];
      const where: string[] = [];
      if (f.userId) where.push(`a.user_id = $${params.push(f.userId)}`);
      if (f.roleId) where.push(`a.role_id = $${params.push(f.roleId)}`);
      const w = where.length ? `where ${where.join(' and ')}` : '';
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from identity.role_assignments a ${w}`, params);
      const rows = await db.query<AssignmentRow>(`${ASSIGNMENT_SELECT} ${w} order by u.username, a.role_id limit $${params.length + 1} offset $${params.length + 2}`, [...params, f.limit, f.offset]);
      return { items: rows.map(toAssignment), total: n };
    },

    async getAssignment(id: string): Promise<Assignment | null> {
      const [r] = await db.query<AssignmentRow>(`${ASSIGNMENT_SELECT} where a.id = $1`, [id]);
      return r ? toAssignment(r) : null;
    },

    async insertAssignment(a: { id: string; userId: string; roleId: string; departmentScopeId: string | null; divisionScopeCode: string | null; source: 'local' | 'oidc'; createdBy: string | null }): Promise<void> {
      await db.query(
        `insert into identity.role_assignments (id, user_id, role_id, department_scope_id, division_scope_code, source, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [a.id, a.userId, a.roleId, a.departmentScopeId, a.divisionScopeCode, a.source, a.createdBy],
      );
    },

    async removeAssignment(id: string): Promise<void> {
      await db.query('delete from identity.role_assignments where id = $1', [id]);
    },

    async removeOidcAssignments(userId: string): Promise<void> {
      await db.query("delete from identity.role_assignments where user_id = $1 and source = 'oidc'", [userId]);
    },

    async hasAssignment(userId: string, roleId: string, dept: string | null, div: string | null): Promise<boolean> {
      const rows = await db.query(
        `select 1 from identity.role_assignments where user_id = $1 and role_id = $2
           and department_scope_id is not distinct from $3 and division_scope_code is not distinct from $4`,
        [userId, roleId, dept, div],
      );
      return rows.length > 0;
    },
  };
}

export type RolesRepository = ReturnType<typeof createRolesRepository>;
