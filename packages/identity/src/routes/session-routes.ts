import { notFound, type HttpApp } from '@zhicheng/kernel';
import { assertMayManageAccount } from '../duties.js';
import type { IdentityContext } from '../identity-context.js';
import { toSessionApi } from '../mappers.js';
import { IdParams, SessionList, SessionQuery } from '../schemas.js';
import { audited, principal } from './route-helpers.js';

export function sessionRoutes(app: HttpApp, c: IdentityContext) {
  const tags = ['sessions'];

  app.get('/api/v1/sessions', {
    config: { permission: 'sessions:manage' },
    schema: { tags, summary: 'Active sessions, of one user or all', querystring: SessionQuery, response: { 200: SessionList } },
  }, async (req) => {
    const { items, total } = await c.sessions.listActive(req.query);
    return { items: items.map(toSessionApi), total };
  });

  app.delete('/api/v1/sessions/:id', {
    config: { permission: 'sessions:manage' },
    schema: { tags, summary: 'End a session now', params: IdParams, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const s = await c.sessions.get(req.params.id);
    if (!s || s.ended_at) throw notFound('ERR_IDENTITY_SESSION_NOT_FOUND', `No active session has the id ${req.params.id}.`);
    await c.sessions.end(s.id, 'ended-by-administrator');
    await audited(c, req, { action: 'identity.session.ended', objectType: 'session', objectId: s.id, detail: { userId: s.user_id, username: s.username } });
    return reply.status(204).send();
  });

  app.post('/api/v1/users/:id/reset-second-factor', {
    config: { permission: 'security:manage' },
    schema: { tags, summary: 'Remove a lost second factor: the user enrols a new one at next sign-in (ends their sessions)', params: IdParams, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const user = await c.users.byId(req.params.id);
    if (!user) throw notFound('ERR_IDENTITY_USER_NOT_FOUND', `No user has the id ${req.params.id}.`);
    await assertMayManageAccount(c, principal(req), user.id);
    await c.users.resetTotp(user.id);
    const ended = await c.sessions.endAllOf(user.id, 'second-factor-reset');
    await audited(c, req, { action: 'identity.user.second-factor-reset', objectType: 'user', objectId: user.id, detail: { sessionsEnded: ended } });
    return reply.status(204).send();
  });
}
