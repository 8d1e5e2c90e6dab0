import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { auditServiceKey } from '@zhicheng/audit';
import { forbidden, notFound, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import { authzKey } from '@zhicheng/rules';
import type { FastifyRequest } from 'fastify';
import { createNotifyRepository, newId } from './notify-repository.js';
import { CreatedWebhook, CreateWebhookBody, DEFAULT_PREFERENCES, Delivery, Notification, Preferences, Webhook, WEBHOOK_EVENTS } from './notify-schemas.js';
import { resolveCallback } from './url-guard.js';
import { createWebhookRepository } from './webhook-repository.js';

export function notifyRoutes(app: HttpApp, ctx: ModuleContext, now: () => Date) {
  const tags = ['notify'];
  const repo = createNotifyRepository(ctx.db);
  const hooks = createWebhookRepository(ctx.db);
  const authz = () => ctx.services.get(authzKey);
  const userOf = (req: FastifyRequest) => {
    if (req.principal?.kind !== 'user') throw forbidden('ERR_NOTIFY_USERS_ONLY', 'Notification preferences belong to users, not keys or devices.');
    return req.principal.id;
  };
  const audit = (req: FastifyRequest, action: string, id: string, detail: Record<string, unknown>) =>
    ctx.services.get(auditServiceKey).record({ action, outcome: 'success', objectType: 'webhook', objectId: id, detail }, req);

  app.get('/api/v1/notify/preferences/me', {
    schema: { tags, summary: 'My notification preferences (defaults until saved)', response: { 200: Preferences } },
  }, async (req) => {
    const p = await repo.preferences(userOf(req));
    if (!p) return DEFAULT_PREFERENCES;
    const { userId: _u, ...prefs } = p;
    return prefs;
  });

  app.put('/api/v1/notify/preferences/me', {
    config: { permission: 'alarms:read' },
    schema: { tags, summary: 'Save my notification preferences (area, channels per severity, quiet hours, language)', body: Preferences, response: { 200: Preferences } },
  }, async (req) => {
    const user = userOf(req);
    const place = { departmentId: req.body.departmentId, divisionCode: req.body.divisionCode ?? ctx.config.ZC_REGION_CODE };
    if (!(await authz().canAccess(req.principal, 'alarms:read', place))) throw forbidden('ERR_NOTIFY_OUT_OF_SCOPE', 'You can only ask for alarms you are allowed to see.');
    await repo.savePreferences(user, req.body, now());
    return req.body;
  });

  app.get('/api/v1/notify/notifications/me', {
    schema: {
      tags, summary: 'Notifications sent (or held back) for me, newest first',
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
      response: { 200: Type.Object({ items: Type.Array(Notification), total: Type.Integer() }) },
    },
  }, (req) => repo.listFor(userOf(req), req.query.limit, req.query.offset));

  app.post('/api/v1/notify/webhooks', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Subscribe a URL to alarm events (signed with HMAC-SHA256; the secret is shown once)', body: CreateWebhookBody, response: { 201: CreatedWebhook } },
  }, async (req, reply) => {
    const b = req.body;
    const place = { departmentId: b.departmentId ?? null, divisionCode: b.divisionCode ?? ctx.config.ZC_REGION_CODE };
    if (!(await authz().canAccess(req.principal, 'rules:manage', place))) throw forbidden('ERR_NOTIFY_OUT_OF_SCOPE', 'You can only subscribe to alarms in your own scope.');
    await resolveCallback(b.url, ctx.config.ZC_ALLOW_PRIVATE_CALLBACKS === '1');
    const secret = randomBytes(32).toString('hex');
    const w = await hooks.create({
      id: newId('whk'), name: b.name, url: b.url, secret: ctx.secrets.seal(secret), departmentId: b.departmentId ?? null, divisionCode: b.divisionCode ?? null,
      minSeverity: b.minSeverity ?? 'warning', events: b.events ?? [...WEBHOOK_EVENTS], createdBy: req.principal?.name ?? null,
    }, now());
    await audit(req, 'notify.webhook.created', w.id, { url: w.url, events: w.events });
    return reply.status(201).send({ ...w, secret });
  });

  app.get('/api/v1/notify/webhooks', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Webhooks in my scope', response: { 200: Type.Object({ items: Type.Array(Webhook) }) } },
  }, async (req) => ({ items: await hooks.list(await authz().sqlFilter(req.principal, 'rules:manage', { departmentColumn: 'w.department_id', divisionColumn: 'w.division_code', firstParam: 1 })) }));

  const visibleHook = async (req: FastifyRequest, id: string) => {
    const w = await hooks.get(id);
    if (!w || !(await authz().canAccess(req.principal, 'rules:manage', { departmentId: w.departmentId, divisionCode: w.divisionCode ?? ctx.config.ZC_REGION_CODE }))) {
      throw notFound('ERR_NOTIFY_WEBHOOK_NOT_FOUND', `Webhook ${id} does not exist or is not yours to see.`);
    }
    return w;
  };

  app.get('/api/v1/notify/webhooks/:id/deliveries', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Delivery attempts of a webhook, newest first', params: Type.Object({ id: Type.String() }), response: { 200: Type.Object({ items: Type.Array(Delivery) }) } },
  }, async (req) => {
    await visibleHook(req, req.params.id);
    return { items: await hooks.deliveries(req.params.id, 200) };
  });

  app.delete('/api/v1/notify/webhooks/:id', {
    config: { permission: 'rules:manage' },
    schema: { tags, summary: 'Remove a webhook', params: Type.Object({ id: Type.String() }), response: { 204: Type.Null() } },
  }, async (req, reply) => {
    await visibleHook(req, req.params.id);
    await hooks.remove(req.params.id);
    await audit(req, 'notify.webhook.deleted', req.params.id, {});
    return reply.status(204).send(null);
  });
}
