import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import type { SubscriptionService } from '../subscriptions/subscription-service.js';
import { negotiate, pagingHeaders, parsePaging, sendData } from './negotiation.js';

const tags = ['ngsi-ld subscriptions'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/**
 * /subscriptions (clause 6.10–6.11): create 201 + Location, list with paging, get, patch 204, delete 204.
 * Each caller reaches the subscriptions they created; ngsi:manage reaches all of the tenant's.
 */
export function subscriptionRoutes(app: HttpApp, b: Broker, subs: SubscriptionService) {
  app.post('/subscriptions', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Create a subscription' } }, async (req, reply) => {
    const id = await subs.create(await b.caller(req, { body: req.body }), req.body);
    reply.header('location', `/ngsi-ld/v1/subscriptions/${encodeURIComponent(id)}`);
    return reply.status(201).send();
  });

  app.get('/subscriptions', { config: { permission: 'entities:read' }, schema: { tags, summary: 'List subscriptions' } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const paging = parsePaging(req.query as Record<string, unknown>);
    const { rows, total } = await subs.list(caller, paging.limit, paging.offset);
    pagingHeaders(req, reply, paging, rows.length, paging.count ? total : null);
    return sendData(req, reply, answer, caller.resolver, rows.map((r) => subs.render(r, caller.resolver)), b.inline);
  });

  app.get('/subscriptions/:id', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Retrieve a subscription with its delivery status', params: IdParams } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    return sendData(req, reply, answer, caller.resolver, subs.render(await subs.get(caller, req.params.id), caller.resolver), b.inline);
  });

  app.patch('/subscriptions/:id', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Update a subscription (isActive=false pauses it)', params: IdParams } }, async (req, reply) => {
    await subs.update(await b.caller(req, { body: req.body, read: true }), req.params.id, req.body);
    return reply.status(204).send();
  });

  app.delete('/subscriptions/:id', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Delete a subscription and its pending notifications', params: IdParams } }, async (req, reply) => {
    const caller = await b.caller(req, { read: true });
    await subs.delete(caller, req.params.id);
    return reply.status(204).send();
  });
}
