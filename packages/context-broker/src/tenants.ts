import type { Db } from '@zhicheng/kernel';
import { badData, NgsiError } from './errors.js';

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** NGSILD-Tenant: '' is the default tenant; others exist from their first write. */
export function createTenants(db: Db) {
  const known = new Set<string>(['']);
  return {
    parse(header: unknown): string {
      if (header === undefined || header === '') return '';
      if (typeof header !== 'string' || !NAME.test(header)) throw badData('NGSILD-Tenant must be 1–64 letters, digits, "_", "-" or ".".');
      return header;
    },
    async ensure(tenant: string): Promise<void> {
      if (known.has(tenant)) return;
      await db.query('insert into ngsi.tenants (name) values ($1) on conflict do nothing', [tenant]);
      known.add(tenant);
    },
    async assertExists(tenant: string): Promise<void> {
      if (known.has(tenant)) return;
      const rows = await db.query('select 1 from ngsi.tenants where name = $1', [tenant]);
      if (!rows.length) throw new NgsiError('NonexistentTenant', `The tenant ${tenant} does not exist.`);
      known.add(tenant);
    },
    async list(): Promise<string[]> {
      return (await db.query<{ name: string }>('select name from ngsi.tenants order by name')).map((r) => r.name);
    },
  };
}

export type Tenants = ReturnType<typeof createTenants>;
