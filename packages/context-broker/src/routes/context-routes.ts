import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { Broker } from '../broker.js';
import { bundledContext, bundledContextUrls } from '../context/bundled-contexts.js';
import { CONTEXT_KINDS, type ContextKind, type StoredContext } from '../context/context-store.js';
import { badData, NgsiError, notFound } from '../errors.js';

const tags = ['ngsi-ld @context'];
/** The permission that manages the broker's configuration objects (@contexts, registrations). */
export const MANAGE = 'ngsi:manage';
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

const started = new Date().toISOString();

const flag = (v: unknown, name: string): boolean => {
  if (v === undefined || v === 'false' || v === false) return false;
  if (v === 'true' || v === true) return true;
  throw badData(`${name} must be true or false.`);
};

/**
 * The @context API (clause 5.13 / 6.30): list (details, kind), add a Hosted context (201 +
 * Location), serve one (or its metadata with details=true), delete (and reload a Cached one).
 * Serving is public, as JSON-LD processors dereference Link URLs without credentials.
 */
export function contextRoutes(app: HttpApp, b: Broker) {
  const urlOf = (req: FastifyRequest, row: Pick<StoredContext, 'id' | 'kind' | 'url'>) =>
    row.kind === 'Cached' && row.url ? row.url : `${req.protocol}://${req.host}/ngsi-ld/v1/jsonldContexts/${encodeURIComponent(row.id)}`;

  // Metadata of a stored @context (clause 5.13.3.5). createdAt is the v1.9 name, timestamp the v1.8 one.
  const meta = (req: FastifyRequest, row: Pick<StoredContext, 'id' | 'kind' | 'url'> & { created: string; bundled?: boolean }) => ({
    URL: urlOf(req, row), localId: row.id, kind: row.kind, createdAt: row.created, timestamp: row.created,
    ...(row.bundled ? { extraInfo: { bundled: true } } : {}),
  });

  const bundled = () => bundledContextUrls().map((url) => ({ id: url, kind: 'Cached' as const, url, created: started, bundled: true }));

  /** A stored or bundled context by local id, or (Cached) by the URL it came from. */
  async function find(id: string) {
    const row = await b.contexts.get(id);
    if (row) return { ...row, created: new Date(row.created_at).toISOString(), bundled: false };
    if (bundledContext(id)) return { id, kind: 'Cached' as const, url: id, body: bundledContext(id)!, department_id: null, created_by: null, created: started, bundled: true };
    throw notFound(`No @context ${id} is held here.`);
  }

  const changed = () => {
    b.loader.clear();
    b.resolvers.clear();
  };

  app.get('/jsonldContexts', { config: { permission: 'entities:read' }, schema: { tags, summary: 'List the @contexts held (details=true for their metadata, kind to filter)' } }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const details = flag(q.details, 'details');
    const kind = q.kind === undefined ? null : String(q.kind);
    if (kind !== null && !CONTEXT_KINDS.includes(kind as ContextKind)) throw badData(`kind must be one of ${CONTEXT_KINDS.join(', ')}.`);
    const stored = (await b.contexts.list(kind as ContextKind | null)).map((r) => ({ ...r, created: new Date(r.created_at).toISOString(), bundled: false }));
    const all = [...(kind === null || kind === 'Cached' ? bundled() : []), ...stored];
    return reply.type('application/json').send(JSON.stringify(details ? all.map((r) => meta(req, r)) : all.map((r) => urlOf(req, r))));
  });

  app.post('/jsonldContexts', { config: { permission: MANAGE }, schema: { tags, summary: 'Add a Hosted @context (201 + Location)' } }, async (req, reply) => {
    const body = req.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body) || !('@context' in body)) throw badData('The body must be a JSON object with an @context member.');
    const ctx = body['@context'];
    const entries = Array.isArray(ctx) ? ctx : [ctx];
    if (!entries.length || !entries.every((e) => typeof e === 'string' || (e !== null && typeof e === 'object' && !Array.isArray(e)))) {
      throw badData('@context must be an object, a URL, or a list of them.');
    }
    // A context that cannot be processed (bad terms, unreachable imports) is refused now, not when first used.
    await b.resolvers.get(ctx);
    const p = req.principal;
    const id = await b.contexts.addHosted(ctx, { departmentId: p?.departmentId ?? null, principalId: p?.id ?? null });
    reply.header('location', `/ngsi-ld/v1/jsonldContexts/${id}`);
    return reply.status(201).send();
  });

  app.get('/jsonldContexts/:id', { config: { public: true }, schema: { tags, summary: 'Serve a Hosted or ImplicitlyCreated @context (details=true: the metadata of any)', params: IdParams } }, async (req, reply) => {
    const details = flag((req.query as Record<string, unknown>).details, 'details');
    const inline = b.inline.get(req.params.id);
    const row = inline !== undefined && !details
      ? { id: req.params.id, kind: 'ImplicitlyCreated' as const, url: null, body: { '@context': inline }, created: started }
      : await find(req.params.id);
    if (details) return reply.type('application/json').send(JSON.stringify(meta(req, row)));
    if (row.kind === 'Cached') throw new NgsiError('OperationNotSupported', `@context ${req.params.id} is a cached copy of ${row.url}: fetch it there, or ask for details=true.`);
    return reply.type('application/json').send(JSON.stringify(row.body));
  });

  app.delete('/jsonldContexts/:id', { config: { permission: MANAGE }, schema: { tags, summary: 'Delete a held @context; reload=true downloads a Cached one again', params: IdParams } }, async (req, reply) => {
    const reload = flag((req.query as Record<string, unknown>).reload, 'reload');
    const row = await find(req.params.id);
    if (row.bundled) throw badData(`@context ${req.params.id} is bundled with the broker (the core context and its companions) and cannot be deleted.`);
    if (reload && row.kind !== 'Cached') throw badData(`reload applies to Cached @contexts only; ${req.params.id} is ${row.kind}.`);
    if (row.kind === 'Hosted') {
      // A Hosted context belongs to the department that added it; admins who write everywhere manage all.
      const p = req.principal;
      const access = await b.access.forCaller(p);
      const own = !!p && ((row.created_by !== null && row.created_by === p.id) || (row.department_id !== null && row.department_id === p.departmentId));
      if (!own && !access.writesEverywhere) throw new NgsiError('Forbidden', `@context ${req.params.id} was added by another department.`);
    }
    if (reload) {
      try {
        await b.loader.reload(row.url!);
      } catch (err) {
        throw new NgsiError('LdContextReloadFailed', `Downloading ${row.url} again failed: ${(err as Error).message}`);
      }
    } else {
      await b.contexts.delete(row.id);
    }
    changed();
    return reply.status(204).send();
  });
}
