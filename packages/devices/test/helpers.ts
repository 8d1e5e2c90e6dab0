import { createHash, randomBytes } from 'node:crypto';
import audit from '@zhicheng/audit';
import contextBroker from '@zhicheng/context-broker';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import type { TestPlatform } from '@zhicheng/kernel/testing';
import devices from '../src/index.js';

export const MODULES = [geo, audit, identity, contextBroker, devices];
export const API_KEY = 'zc-test-bootstrap-key-0123456789abcdef';
export const ENV = { ZC_BOOTSTRAP_API_KEY: API_KEY, ZC_DEMO: 'off' };
export const auth = { authorization: `Bearer ${API_KEY}` };

export async function createDevice(p: TestPlatform, body: Record<string, unknown>) {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/devices', headers: auth, payload: body });
  if (res.statusCode !== 201) throw new Error(`create device: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string; entityId: string; credentials: { token: string; mqttUsername: string; mqttPassword: string } }>();
}

export async function historyRows(p: TestPlatform, entityId: string): Promise<{ ts: Date; attrs: Record<string, { v: unknown }> }[]> {
  // Readings only: provisioning writes one row too (location, refDevice).
  const rows = await p.ctx.db.query<{ ts: Date; attrs: Record<string, { v: unknown }> }>('select ts, ngsi.history_cells(attrs, nk, nv) as attrs from ngsi.history where entity_id = $1 order by ts', [entityId]);
  return rows.filter((r) => !Object.keys(r.attrs).some((k) => /location|refDevice/.test(k)));
}

/**
 * An API key narrowed to one division, written the way identity stores keys (SHA-256 of the
 * secret): issuing a scoped key through the API needs a security administrator's second
 * factor, which is identity's to test, not this package's.
 */
export async function scopedApiKey(p: TestPlatform, permissions: string[], divisionScope: string): Promise<Record<string, string>> {
  const secret = `zck_${randomBytes(32).toString('base64url')}`;
  const id = `key_${randomBytes(6).toString('hex')}`;
  await p.ctx.db.query(
    `insert into identity.api_keys (id, name, prefix, secret_hash, department_id, permissions, department_scope_id, division_scope_code, bootstrap, expires_at, created_by, created_at)
     values ($1, $2, $3, $4, null, $5::text[], null, $6, false, now() + interval '1 day', 'test', now())`,
    [id, `scoped ${divisionScope}`, secret.slice(0, 8), createHash('sha256').update(secret, 'utf8').digest('hex'), permissions, divisionScope],
  );
  return { authorization: `Bearer ${secret}` };
}
