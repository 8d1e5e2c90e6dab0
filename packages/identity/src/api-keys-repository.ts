import type { Queryable } from '@zhicheng/kernel';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  department_id: string | null;
  permissions: string[];
  department_scope_id: string | null;
  division_scope_code: string | null;
  bootstrap: boolean;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

const COLS = 'id, name, prefix, department_id, permissions, department_scope_id, division_scope_code, bootstrap, expires_at, revoked_at, last_used_at, created_by, created_at';

export function createApiKeysRepository(db: Queryable) {
  return {
    async insert(k: { id: string; name: string; prefix: string; secretHash: string; departmentId: string | null; permissions: string[]; departmentScopeId: string | null; divisionScopeCode: string | null; bootstrap: boolean; expiresAt: Date | null; createdBy: string | null; now: Date }): Promise<boolean> {
      const rows = await db.query(
        `insert into identity.api_keys (id, name, prefix, secret_hash, department_id, permissions, department_scope_id, division_scope_code, bootstrap, expires_at, created_by, created_at)
         values ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10::timestamptz, $11, $12::timestamptz) on conflict do nothing returning id`,
        [k.id, k.name, k.prefix, k.secretHash, k.departmentId, k.permissions, k.departmentScopeId, k.divisionScopeCode, k.bootstrap,
          k.expiresAt?.toISOString() ?? null, k.createdBy, k.now.toISOString()],
      );
      return rows.length > 0;
    },

    async bySecretHash(hash: string): Promise<ApiKeyRow | null> {
      const [r] = await db.query<ApiKeyRow>(`select ${COLS} from identity.api_keys where secret_hash = $1`, [hash]);
      return r ?? null;
    },

    async get(id: string): Promise<ApiKeyRow | null> {
      const [r] = await db.query<ApiKeyRow>(`select ${COLS} from identity.api_keys where id = $1`, [id]);
      return r ?? null;
    },

    async list(f: { departmentId?: string; includeRevoked?: boolean; limit: number; offset: number }): Promise<{ items: ApiKeyRow[]; total: number }> {
      const params: unknown[] = [];
      const where: string[] = [];
      if (f.departmentId) where.push(`department_id = $${params.push(f.departmentId)}`);
      if (!f.includeRevoked) where.push('revoked_at is null');
      const w = where.length ? `where ${where.join(' and ')}` : '';
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>(`select count(*)::int as n from identity.api_keys ${w}`, params);
      const rows = await db.query<ApiKeyRow>(`select ${COLS} from identity.api_keys ${w} order by created_at desc, id limit $${params.length + 1} offset $${params.length + 2}`, [...params, f.limit, f.offset]);
      return { items: rows, total: n };
    },

    async revoke(id: string, now: Date): Promise<boolean> {
      const rows = await db.query('update identity.api_keys set revoked_at = $2::timestamptz where id = $1 and revoked_at is null returning id', [id, now.toISOString()]);
      return rows.length > 0;
    },

    /** Revokes earlier bootstrap keys whose secret is no longer the configured one. */
    async revokeOtherBootstraps(keepHash: string | null, now: Date): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        'update identity.api_keys set revoked_at = $2::timestamptz where bootstrap and revoked_at is null and secret_hash is distinct from $1 returning id',
        [keepHash, now.toISOString()],
      );
      return rows.map((r) => r.id);
    },

    /** Revokes the live keys of one system client (by name) before it gets a fresh one. */
    async revokeSystemKeys(name: string, now: Date): Promise<string[]> {
      const rows = await db.query<{ id: string }>(
        "update identity.api_keys set revoked_at = $2::timestamptz where name = $1 and created_by = 'zhicheng' and not bootstrap and revoked_at is null returning id",
        [name, now.toISOString()],
      );
      return rows.map((r) => r.id);
    },

    async touch(id: string, now: Date): Promise<void> {
      await db.query(
        "update identity.api_keys set last_used_at = $2::timestamptz where id = $1 and (last_used_at is null or last_used_at < $2::timestamptz - interval '1 minute')",
        [id, now.toISOString()],
      );
    },
  };
}
