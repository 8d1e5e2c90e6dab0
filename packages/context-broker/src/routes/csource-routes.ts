import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { HttpApp, Principal } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { normalizeRegistration, registrationMatches, renderRegistration, type StoredRegistration } from '../csource/registration-model.js';
import { createRegistrationRepository, type RegistrationRow } from '../csource/registration-repository.js';
import { distributedReadsOf } from '../csource/distributed-read.js';
import { assertRegistrableEndpoint } from '../csource/endpoint-guard.js';
import type { TermResolver } from '../context/term-map.js';
import { badData, NgsiError, notFound } from '../errors.js';
import { NGSI_NULL } from '../subscriptions/change-events.js';
import { MANAGE } from './context-routes.js';
import { negotiate, pagingHeaders, parseOptions, parsePaging, sendData } from './negotiation.js';

const tags = ['ngsi-ld context sources'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Context source registrations (clauses 5.9, 5.10; HTTP 6.8, 6.9): create 201 + Location, query
 * (id, idPattern, type, attrs; paging and count), retrieve, update 204, delete 204. Reads of
 * entities are forwarded to matching sources (csource/distributed-read.ts); writes are not.
 * Endpoints naming a loopback or private address are refused unless ZC_ALLOW_PRIVATE_CALLBACKS=1.
 * Reading needs entities:read; registering, changing and deleting need ngsi:manage, and only
 * the registering department (or an admin who writes everywhere) may change or delete one.
 */
export function csourceRoutes(app: HttpApp, b: Broker) {
  const repo = createRegistrationRepository(b.db);
  const allowPrivate = b.ctx.config.ZC_ALLOW_PRIVATE_CALLBACKS === '1';
  const reads = distributedReadsOf(b);
  const render = (row: RegistrationRow, r: TermResolver, sysAttrs: boolean) =>
    renderRegistration(row.body, r, sysAttrs ? { createdAt: iso(row.created_at), modifiedAt: iso(row.modified_at) } : null);

  async function owned(p: Principal | null, tenant: string, id: string): Promise<RegistrationRow> {
    const row = await repo.get(tenant, id);
    if (!row) throw notFound(`Context source registration ${id} was not found.`);
    const access = await b.access.forCaller(p);
    const own = !!p && ((row.created_by !== null && row.created_by === p.id) || (row.department_id !== null && row.department_id === p.departmentId));
    if (!own && !access.writesEverywhere) throw new NgsiError('Forbidden', `Registration ${id} belongs to another department.`);
    return row;
  }

  app.post('/csourceRegistrations', { config: { permission: MANAGE }, schema: { tags, summary: 'Register a context source (201 + Location)' } }, async (req, reply) => {
    const caller = await b.caller(req, { body: req.body });
    const body = req.body as Record<string, unknown> | null;
    const s = normalizeRegistration(req.body, caller.resolver, body && typeof body === 'object' && body.id !== undefined ? null : `urn:ngsi-ld:ContextSourceRegistration:${randomUUID()}`);
    assertRegistrableEndpoint(s.endpoint, allowPrivate);
    await b.tenants.ensure(caller.tenant);
    const p = req.principal;
    if (!(await repo.insert(caller.tenant, s, caller.resolver.context, { departmentId: p?.departmentId ?? null, principalId: p?.id ?? null }))) {
      throw new NgsiError('AlreadyExists', `Context source registration ${s.id} already exists.`);
    }
    reads.invalidate(caller.tenant);
    reply.header('location', `/ngsi-ld/v1/csourceRegistrations/${encodeURIComponent(s.id)}`);
    return reply.status(201).send();
  });

  app.get('/csourceRegistrations', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Discover context sources (id, idPattern, type, attrs)' } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const q = req.query as Record<string, unknown>;
    const r = caller.resolver;
    const paging = parsePaging(q);
    const list = (v: unknown) => (typeof v === 'string' && v ? v.split(',').map((x) => x.trim()).filter(Boolean) : null);
    let idPattern: RegExp | null = null;
    if (q.idPattern !== undefined) {
      try {
        idPattern = new RegExp(String(q.idPattern));
      } catch {
        throw badData('idPattern is not a valid regular expression.');
      }
    }
    // Type selection: a comma list (OR) of names.
    if (typeof q.type === 'string' && /[;()|]/.test(q.type)) throw new NgsiError('OperationNotSupported', 'Registration queries take a comma-separated list of types.');
    const filter = { types: list(q.type)?.map((t) => r.expand(t)) ?? null, ids: list(q.id), idPattern, attrs: list(q.attrs)?.map((a) => r.expand(a)) ?? null };
    const matching = (await repo.live(caller.tenant)).filter((row) => registrationMatches(row.body, filter));
    const page = matching.slice(paging.offset, paging.offset + paging.limit);
    pagingHeaders(req, reply, paging, page.length, paging.count ? matching.length : null);
    const sys = parseOptions(q).sysAttrs;
    return sendData(req, reply, answer, r, page.map((row) => render(row, r, sys)), b.inline);
  });

  app.get('/csourceRegistrations/:id', { config: { permission: 'entities:read' }, schema: { tags, summary: 'Retrieve a context source registration', params: IdParams } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const row = await repo.get(caller.tenant, req.params.id);
    if (!row) throw notFound(`Context source registration ${req.params.id} was not found.`);
    return sendData(req, reply, answer, caller.resolver, render(row, caller.resolver, parseOptions(req.query as Record<string, unknown>).sysAttrs), b.inline);
  });

  app.patch('/csourceRegistrations/:id', { config: { permission: MANAGE }, schema: { tags, summary: 'Update a context source registration (204)', params: IdParams } }, async (req, reply) => {
    const caller = await b.caller(req, { body: req.body, read: true });
    const patch = req.body;
    if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw badData('The patch must be a JSON object.');
    const { '@context': _c, ...p } = patch as Record<string, unknown>;
    if (p.id !== undefined && p.id !== req.params.id) throw badData('The registration id cannot change.');
    if (p.type !== undefined && p.type !== 'ContextSourceRegistration') throw badData('type must be "ContextSourceRegistration".');
    const row = await owned(req.principal, caller.tenant, req.params.id);
    // Merge at the top level (clause 5.9.3); a member patched to null is removed.
    const merged: Record<string, unknown> = { ...renderRegistration(row.body, caller.resolver, null), ...p };
    for (const [k, v] of Object.entries(merged)) if (v === null || v === NGSI_NULL) delete merged[k];
    const s: StoredRegistration = normalizeRegistration(merged, caller.resolver, req.params.id);
    assertRegistrableEndpoint(s.endpoint, allowPrivate);
    await repo.update(caller.tenant, s);
    reads.invalidate(caller.tenant);
    return reply.status(204).send();
  });

  app.delete('/csourceRegistrations/:id', { config: { permission: MANAGE }, schema: { tags, summary: 'Delete a context source registration (204)', params: IdParams } }, async (req, reply) => {
    const caller = await b.caller(req, { read: true });
    await owned(req.principal, caller.tenant, req.params.id);
    await repo.delete(caller.tenant, req.params.id);
    reads.invalidate(caller.tenant);
    return reply.status(204).send();
  });
}
