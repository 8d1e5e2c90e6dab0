import { serviceKey } from '@zhicheng/kernel';
import type { IdentityContext } from './identity-context.js';
import { knownPermission } from './permission-catalogue.js';
import { departmentId } from './seed-departments.js';
import { API_KEY_PREFIX, hashToken, newId, newToken } from './tokens.js';

/**
 * Keys for the platform's own machine clients that use the public APIs like any integrator
 * (the demo simulator). Each start revokes the client's previous key and issues a fresh one
 * that expires; both are audited like any key event. Data permissions only.
 */
export interface SystemKeysService {
  issue(name: string, permissions: string[], opts?: { ttlHours?: number }): Promise<string>;
}

export const systemKeysServiceKey = serviceKey<SystemKeysService>('identity.systemKeys');

const ACTOR = { kind: 'system' as const, id: 'zhicheng', name: 'zhicheng', departmentId: null };

export function createSystemKeysService(c: IdentityContext): SystemKeysService {
  return {
    async issue(name, permissions, opts = {}) {
      for (const p of permissions) {
        const info = knownPermission(p);
        if (!info || info.class !== 'data') throw new Error(`a system key takes data permissions only, not ${p}`);
      }
      const now = c.now();
      for (const id of await c.apiKeys.revokeSystemKeys(name, now)) {
        await c.audit.record({ action: 'identity.apikey.revoked', outcome: 'success', actor: ACTOR, objectType: 'api-key', objectId: id, detail: { reason: 'reissued at start', name } });
      }
      const secret = newToken(API_KEY_PREFIX);
      const id = newId('key');
      const region = c.config.ZC_REGION_CODE;
      await c.apiKeys.insert({
        id, name, prefix: secret.slice(0, 8), secretHash: hashToken(secret), departmentId: (await c.departments.get(departmentId(region, 'bdc')))?.id ?? null,
        permissions, departmentScopeId: null, divisionScopeCode: region, bootstrap: false,
        expiresAt: new Date(now.getTime() + (opts.ttlHours ?? 24) * 3_600_000), createdBy: 'zhicheng', now,
      });
      await c.audit.record({ action: 'identity.apikey.created', outcome: 'success', actor: ACTOR, objectType: 'api-key', objectId: id, detail: { name, permissions, divisionScopeCode: region, system: true } });
      return secret;
    },
  };
}
