import { badRequest, notFound, type HttpApp } from '@zhicheng/kernel';
import { checkApiKeyPermissions } from '../duties.js';
import type { IdentityContext } from '../identity-context.js';
import { toApiKeyApi } from '../mappers.js';
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyQuery, IdParams } from '../schemas.js';
import { API_KEY_PREFIX, hashToken, newId, newToken } from '../tokens.js';
import { audited } from './route-helpers.js';

export function apiKeyRoutes(app: HttpApp, c: IdentityContext) {
  const tags = ['api-keys'];

  app.get('/api/v1/api-keys', {
    config: { permission: 'apikeys:manage' },
    schema: { tags, summary: 'API keys (never their secrets)', querystring: ApiKeyQuery, response: { 200: ApiKeyList } },
  }, async (req) => {
    const { items, total } = await c.apiKeys.list({ departmentId: req.query.department, includeRevoked: req.query.includeRevoked, limit: req.query.limit, offset: req.query.offset });
    return { items: items.map(toApiKeyApi), total };
  });

  app.post('/api/v1/api-keys', {
    config: { permission: 'apikeys:manage' },
    schema: { tags, summary: 'Create an API key for a system or device integrator; the secret is shown once', body: ApiKeyCreate, response: { 201: ApiKeyCreated } },
  }, async (req, reply) => {
    const b = req.body;
    checkApiKeyPermissions(b.permissions);
    if (b.expiresInDays > c.config.ZC_API_KEY_MAX_DAYS) throw badRequest('ERR_IDENTITY_KEY_LIFETIME', `API keys live ${c.config.ZC_API_KEY_MAX_DAYS} days at most (ZC_API_KEY_MAX_DAYS).`);
    const dept = await c.departments.get(b.departmentId);
    if (!dept || dept.disabled) throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No active department has the id ${b.departmentId}.`);
    if (b.departmentScopeId && !(await c.departments.get(b.departmentScopeId))) throw badRequest('ERR_IDENTITY_DEPARTMENT_NOT_FOUND', `No department has the id ${b.departmentScopeId}.`);
    const secret = newToken(API_KEY_PREFIX);
    const id = newId('key');
    const now = c.now();
    await c.apiKeys.insert({
      id, name: b.name, prefix: secret.slice(0, 10), secretHash: hashToken(secret), departmentId: dept.id, permissions: b.permissions,
      departmentScopeId: b.departmentScopeId ?? null, divisionScopeCode: b.divisionScopeCode ?? null, bootstrap: false,
      expiresAt: new Date(now.getTime() + b.expiresInDays * 86_400_000), createdBy: req.principal?.name ?? null, now,
    });
    await audited(c, req, {
      action: 'identity.apikey.created', objectType: 'api-key', objectId: id,
      detail: { name: b.name, departmentId: dept.id, permissions: b.permissions, departmentScopeId: b.departmentScopeId ?? null, divisionScopeCode: b.divisionScopeCode ?? null, expiresInDays: b.expiresInDays },
    });
    return reply.status(201).send({ key: toApiKeyApi((await c.apiKeys.get(id))!), secret });
  });

  app.post('/api/v1/api-keys/:id/revoke', {
    config: { permission: 'apikeys:manage' },
    schema: { tags, summary: 'Revoke an API key at once', params: IdParams, response: { 200: ApiKey } },
  }, async (req) => {
    const key = await c.apiKeys.get(req.params.id);
    if (!key) throw notFound('ERR_IDENTITY_KEY_NOT_FOUND', `No API key has the id ${req.params.id}.`);
    const done = await c.apiKeys.revoke(key.id, c.now());
    if (done) await audited(c, req, { action: 'identity.apikey.revoked', objectType: 'api-key', objectId: key.id, detail: { name: key.name } });
    return toApiKeyApi((await c.apiKeys.get(key.id))!);
  });
}
