import type { Db } from '@zhicheng/kernel';
import type { StoredRegistration } from './registration-model.js';

export interface RegistrationRow {
  tenant: string;
  id: string;
  body: StoredRegistration;
  context: unknown;
  department_id: string | null;
  created_by: string | null;
  created_at: Date;
  modified_at: Date;
}

const COLS = 'tenant, id, body, context, department_id, created_by, created_at, modified_at';

/** Table ngsi.csource_registrations. */
export function createRegistrationRepository(db: Db) {
  return {
    async insert(tenant: string, s: StoredRegistration, context: unknown, owner: { departmentId: string | null; principalId: string | null }): Promise<boolean> {
      const rows = await db.query(
        `insert into ngsi.csource_registrations (tenant, id, body, context, department_id, created_by, expires_at)
         values ($1, $2, $3::text::jsonb, $4::text::jsonb, $5, $6, $7) on conflict do nothing returning id`,
        [tenant, s.id, JSON.stringify(s), JSON.stringify(context ?? null), owner.departmentId, owner.principalId, s.expiresAt ?? null],
      );
      return rows.length > 0;
    },
    async get(tenant: string, id: string): Promise<RegistrationRow | null> {
      return (await db.query<RegistrationRow>(`select ${COLS} from ngsi.csource_registrations where tenant = $1 and id = $2`, [tenant, id]))[0] ?? null;
    },
    /** Registrations of a tenant that have not expired, in id order (a tenant holds few). */
    async live(tenant: string): Promise<RegistrationRow[]> {
      return db.query<RegistrationRow>(
        `select ${COLS} from ngsi.csource_registrations where tenant = $1 and (expires_at is null or expires_at > now()) order by id`, [tenant],
      );
    },
    async update(tenant: string, s: StoredRegistration): Promise<void> {
      await db.query(
        `update ngsi.csource_registrations set body = $3::text::jsonb, expires_at = $4, modified_at = now() where tenant = $1 and id = $2`,
        [tenant, s.id, JSON.stringify(s), s.expiresAt ?? null],
      );
    },
    async delete(tenant: string, id: string): Promise<boolean> {
      return (await db.query('delete from ngsi.csource_registrations where tenant = $1 and id = $2 returning id', [tenant, id])).length > 0;
    },
  };
}
