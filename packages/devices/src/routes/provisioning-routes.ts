import { Type } from '@sinclair/typebox';
import { authorizationServiceKey } from '@zhicheng/identity';
import type { HttpApp, ModuleContext } from '@zhicheng/kernel';
import { keyToApi, type ProvisioningKeysRepository } from '../provisioning/provisioning-keys-repository.js';
import type { ProvisioningService } from '../provisioning/provisioning-service.js';
import {
  ProvisioningKey, ProvisioningKeyInput, ProvisioningKeyList, ProvisioningKeyQuery, ProvisioningKeyWithSecret, ProvisionRequest, ProvisionResult,
} from '../schemas.js';

/**
 * `/api/v1/device-provisioning-keys` (administrators, `devices:manage`, within their scope) and
 * `POST /api/v1/devices/provision` (devices registering themselves with a key and its secret).
 */
export function provisioningRoutes(app: HttpApp, ctx: ModuleContext, keys: ProvisioningKeysRepository, service: ProvisioningService) {
  const authz = ctx.services.get(authorizationServiceKey);
  const tags = ['devices'];
  const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

  app.post('/api/v1/device-provisioning-keys', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Create a provisioning key for device self-registration (its secret is shown once, in this answer)', body: ProvisioningKeyInput, response: { 201: ProvisioningKeyWithSecret } },
  }, async (req, reply) => reply.status(201).send(await service.createKey(req.body, req)));

  app.get('/api/v1/device-provisioning-keys', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Provisioning keys within your scope, newest first', querystring: ProvisioningKeyQuery, response: { 200: ProvisioningKeyList } },
  }, async (req) => {
    const scope = await authz.sqlFilter(req.principal, 'devices:manage', { departmentColumn: 'k.department_id', divisionColumn: 'k.division_code', firstParam: 1 });
    const { items, total } = await keys.list(req.query, scope);
    const now = new Date();
    return { items: items.map((k) => keyToApi(k, now)), total };
  });

  app.get('/api/v1/device-provisioning-keys/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'One provisioning key (404 when not yours to see)', params, response: { 200: ProvisioningKey } },
  }, async (req) => keyToApi(await service.visible(req.principal, req.params.id), new Date()));

  app.delete('/api/v1/device-provisioning-keys/:id', {
    config: { permission: 'devices:manage' },
    schema: { tags, summary: 'Revoke a provisioning key (devices it registered keep their own credentials)', params, response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await service.revokeKey(req.params.id, req);
    return reply.status(204).send(null);
  });

  app.post('/api/v1/devices/provision', {
    // The key and secret in the body are the credentials; limited per address like sign-in
    // (identity registers the rate limiter), every refusal audited.
    config: { public: true, rateLimit: { max: ctx.config.ZC_PROVISION_RATE_LIMIT, timeWindow: 60_000 } },
    schema: {
      tags, summary: 'A device registers itself with a provisioning key and secret (201 with its credentials, once; 200 `exists` on a repeat)',
      body: ProvisionRequest, response: { 200: ProvisionResult, 201: ProvisionResult },
    },
  }, async (req, reply) => {
    const r = await service.provision(req.body, { transport: 'http', req });
    return reply.status(r.status === 'created' ? 201 : 200).send(r);
  });
}
