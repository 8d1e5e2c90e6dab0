import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { badData } from '../errors.js';
import { renderEntity } from '../model/render.js';
import { parseGeoQuery } from '../query/geo-query.js';
import { queryEntities } from '../query/entity-query.js';
import { parseQ } from '../query/q-parser.js';
import { parseTypeSelector } from '../query/type-selector.js';
import { negotiate, pagingHeaders, parseOptions, parsePaging, sendData } from './negotiation.js';

const tags = ['ngsi-ld'];

/**
 * entityOperations (clause 6.14–6.18, 6.31, 6.23): all succeed → 201 (create, with the ids) or
 * 204; some fail → 207 with `success` and `errors` (entityId + ProblemDetails).
 */
export function batchRoutes(app: HttpApp, b: Broker) {
  for (const op of ['create', 'upsert', 'update', 'merge', 'delete'] as const) {
    app.post(`/entityOperations/${op}`, { schema: { tags, summary: `Batch ${op}` } }, async (req, reply) => {
      const caller = await b.caller(req, { body: req.body });
      const flags = parseOptions(req.query as Record<string, unknown>).flags;
      const bodies = Array.isArray(req.body) ? req.body.map(strip) : req.body;
      const result = await b.entities.batch(caller, op, bodies, { replace: !flags.has('update'), noOverwrite: flags.has('noOverwrite') });
      if (result.errors.length) return reply.status(207).type('application/json').send(result);
      if (op === 'create' || op === 'upsert') return reply.status(201).type('application/json').send(result.success);
      return reply.status(204).send();
    });
  }

  app.post('/entityOperations/query', { schema: { tags, summary: 'Query entities with a Query body (POST form of GET /entities)' } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body) || (body.type !== undefined && body.type !== 'Query')) throw badData('The body must be a Query object.');
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { body, read: true });
    const r = caller.resolver;
    const paging = parsePaging(req.query as Record<string, unknown>);
    const opts = parseOptions(req.query as Record<string, unknown>);
    const sel = (body.entities as { id?: string; idPattern?: string; type?: string }[] | undefined) ?? [];
    if (!Array.isArray(sel)) throw badData('entities must be a list.');
    const attrs = Array.isArray(body.attrs) ? (body.attrs as string[]).map((a) => r.expand(a)) : undefined;
    const geoQ = body.geoQ as Record<string, unknown> | undefined;
    const geo = geoQ ? parseGeoQuery({ georel: geoQ.georel, geometry: geoQ.geometry, coordinates: typeof geoQ.coordinates === 'string' ? geoQ.coordinates : JSON.stringify(geoQ.coordinates), geoproperty: geoQ.geoproperty }) : null;
    const authz = await b.access.readFilter(req.principal, 2);
    // One selector → one SQL query; several are OR-ed by running each (rare, and each is indexed).
    const selectors = sel.length ? sel : [{}];
    const seen = new Map<string, Awaited<ReturnType<typeof queryEntities>>['entities'][number]>();
    let total = 0;
    for (const s of selectors) {
      const found = await queryEntities(b.db, caller.tenant, {
        ...(s.id ? { ids: [s.id] } : {}), ...(s.idPattern ? { idPattern: s.idPattern } : {}), ...(s.type ? { type: parseTypeSelector(s.type) } : {}),
        ...(attrs ? { attrs } : {}), ...(typeof body.q === 'string' ? { q: parseQ(body.q) } : {}), ...(geo ? { geo } : {}),
        ...(typeof body.scopeQ === 'string' ? { scopeQ: body.scopeQ } : {}),
        limit: selectors.length > 1 ? 1000 : paging.limit, offset: selectors.length > 1 ? 0 : paging.offset, count: paging.count,
      }, r, authz);
      for (const e of found.entities) seen.set(e.id, e);
      total += found.total ?? 0;
    }
    let list = [...seen.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
    if (selectors.length > 1) list = list.slice(paging.offset, paging.offset + paging.limit);
    pagingHeaders(req, reply, paging, list.length, paging.count ? (selectors.length > 1 ? seen.size : total) : null);
    const items = list.map((e) => renderEntity(e, r, { format: opts.format, sysAttrs: opts.sysAttrs, attrs: attrs ? new Set(attrs) : null, lang: typeof body.lang === 'string' ? body.lang : null }));
    return sendData(req, reply, answer, r, items, b.inline);
  });
}

function strip(x: unknown): unknown {
  if (x && typeof x === 'object' && !Array.isArray(x) && '@context' in x) {
    const { '@context': _c, ...rest } = x as Record<string, unknown>;
    return rest;
  }
  return x;
}
