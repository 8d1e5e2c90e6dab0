import type { Db, Queryable } from '@zhicheng/kernel';
import type { ProvisioningKey } from '../schemas.js';

export interface ProvisioningKeyRow {
  id: string; name: string; secret_hash: string; profile_id: string; department_id: string | null; division_code: string | null;
  max_devices: number; provisioned: number; expires_at: Date; revoked_at: Date | null; revoked_by: string | null;
  created_by: string | null; created_at: Date; last_used_at: Date | null;
}

export function keyStatus(r: ProvisioningKeyRow, now: Date): ProvisioningKey['status'] {
  if (r.revoked_at) return 'revoked';
  if (r.expires_at.getTime() <= now.getTime()) return 'expired';
  if (r.provisioned >= r.max_devices) return 'exhausted';
  return 'active';
}

export const keyToApi = (r: ProvisioningKeyRow, now: Date): ProvisioningKey => ({
  id: r.id, name: r.name, profileId: r.profile_id, departmentId: r.department_id, divisionCode: r.division_code,
  maxDevices: r.max_devices, provisioned: r.provisioned, status: keyStatus(r, now), expiresAt: r.expires_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null, revokedBy: r.revoked_by, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

export function createProvisioningKeysRepository(db: Db) {
  return {
    async insert(k: { id: string; name: string; secretHash: string; profileId: string; departmentId: string | null; divisionCode: string | null; maxDevices: number; expiresAt: Date; createdBy: string | null }): Promise<ProvisioningKeyRow> {
      const [r] = await db.query<ProvisioningKeyRow>(
        `insert into devices.provisioning_keys (id, name, secret_hash, profile_id, department_id, division_code, max_devices, expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9) returning *`,
        [k.id, k.name, k.secretHash, k.profileId, k.departmentId, k.divisionCode, k.maxDevices, k.expiresAt.toISOString(), k.createdBy],
      );
      return r!;
    },
    async get(id: string): Promise<ProvisioningKeyRow | null> {
      const [r] = await db.query<ProvisioningKeyRow>('select * from devices.provisioning_keys where id = $1', [id]);
      return r ?? null;
    },
    /** `scope` is the authorisation service's WHERE fragment over k.department_id / k.division_code, its params first. */
    async list(q: { includeRevoked: boolean; limit: number; offset: number }, scope: { sql: string; params: unknown[] }) {
      const where = [scope.sql];
      if (!q.includeRevoked) where.push('k.revoked_at is null');
      const w = where.join(' and ');
      const n = scope.params.length;
      const [c] = await db.query<{ n: number }>(`select count(*)::int as n from devices.provisioning_keys k where ${w}`, scope.params);
      const items = await db.query<ProvisioningKeyRow>(
        `select * from devices.provisioning_keys k where ${w} order by k.created_at desc, k.id limit $${n + 1} offset $${n + 2}`,
        [...scope.params, q.limit, q.offset],
      );
      return { items, total: c?.n ?? 0 };
    },
    async revoke(id: string, by: string | null, now: Date): Promise<ProvisioningKeyRow | null> {
      const [r] = await db.query<ProvisioningKeyRow>(
        'update devices.provisioning_keys set revoked_at = $2::timestamptz, revoked_by = $3 where id = $1 and revoked_at is null returning *',
        [id, now.toISOString(), by],
      );
      return r ?? null;
    },
    /**
     * Takes one device from the key's allowance, in the transaction that creates the device:
     * the row lock serialises concurrent registrations, so the limit holds under any load.
     * Null when the key is revoked, expired or used up (re-read it to say which).
     */
    async claimSlot(tx: Queryable, id: string, now: Date): Promise<ProvisioningKeyRow | null> {
      const [r] = await tx.query<ProvisioningKeyRow>(
        `update devices.provisioning_keys set provisioned = provisioned + 1, last_used_at = $2::timestamptz
         where id = $1 and revoked_at is null and expires_at > $2::timestamptz and provisioned < max_devices returning *`,
        [id, now.toISOString()],
      );
      return r ?? null;
    },
  };
}

export type ProvisioningKeysRepository = ReturnType<typeof createProvisioningKeysRepository>;
