import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { distributedReadsOf, MAX_MERGED_WINDOW } from '../csource/distributed-read.js';
import { typeNames } from '../csource/matching.js';
import { badData, NgsiError, notFound } from '../errors.js';
import { queryEntities } from '../query/entity-query.js';
import { parseGeoQuery } from '../query/geo-query.js';
import { parseQ } from '../query/q-parser.js';
import { parseTypeSelector } from '../query/type-selector.js';
import { renderEntity, type RenderOptions } from '../model/render.js';
import { isGeometry } from '../model/geometry.js';
import { instancesOf, type StoredEntity } from '../model/types.js';
import type { TermResolver } from '../context/term-map.js';
import { negotiate, pagingHeaders, parseOptions, parsePaging, sendData } from './negotiation.js';
import { projection } from './projection.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const AttrParams = Type.Object({ id: Type.String({ minLength: 1 }), attr: Type.String({ minLength: 1 }) });
const AnyQuery = Type.Record(Type.String(), Type.Unknown());
const tags = ['ngsi-ld'];
type Q = Record<string, unknown>;

/** GeoJSON (clause 4.5.17): one Feature per entity, geometry from `geometryProperty` (default location). */
function toFeature(e: StoredEntity, rendered: Record<string, unknown>, geoIri: string) {
  const g = instancesOf(e, geoIri)[0]?.value;
  const { id, ...properties } = rendered;
  return { id: id ?? e.id, type: 'Feature', geometry: isGeometry(g) ? g : null, properties };
}

/** Query parameters a distributed query passes on to the sources as given. */
const FORWARDED_QUERY = ['type', 'id', 'idPattern', 'q', 'georel', 'geometry', 'coordinates', 'geoproperty', 'scopeQ'];

export function entityRoutes(app: HttpApp, b: Broker) {
  const csources = distributedReadsOf(b);
  const warn = (reply: FastifyReply, warnings: string[]) => {
    if (warnings.length) reply.header('NGSILD-Warning', warnings);
  };
  const renderOpts = (q: Q, r: TermResolver): RenderOptions => {
    const o = parseOptions(q);
    const p = projection(q, r);
    return { format: o.format, sysAttrs: o.sysAttrs, attrs: p.attrs, omitId: p.omitId, omitType: p.omitType, lang: typeof q.lang === 'string' ? q.lang : null };
  };
  const noContent = (req: FastifyRequest, reply: FastifyReply) => {
    const t = req.headers['ngsild-tenant'];
    if (typeof t === 'string' && t) reply.header('NGSILD-Tenant', t);
    return reply.status(204).send();
  };
  const partial = (req: FastifyRequest, reply: FastifyReply, r: { changed: string[] | null; notUpdated?: { attributeName: string; reason: string }[] }, res: TermResolver) => {
    if (!r.notUpdated?.length) return noContent(req, reply);
    return reply.status(207).type('application/json').send({
      updated: (r.changed ?? []).map((c) => res.compact(c)),
      notUpdated: r.notUpdated.map((n) => ({ attributeName: res.compact(n.attributeName), reason: n.reason })),
    });
  };

  app.post('/entities', { schema: { tags, summary: 'Create an entity (201, Location header)' } }, async (req, reply) => {
    const caller = await b.caller(req, { body: req.body });
    const id = await b.entities.create(caller, req.body);
    reply.header('location', `/ngsi-ld/v1/entities/${encodeURIComponent(id)}`);
    const t = req.headers['ngsild-tenant'];
    if (typeof t === 'string' && t) reply.header('NGSILD-Tenant', t);
    return reply.status(201).send();
  });

  app.get('/entities', { schema: { tags, summary: 'Query entities (type, id, idPattern, attrs, q, geo-query, scopeQ, pagination, formats)', querystring: AnyQuery } }, async (req, reply) => {
    const q = req.query as Q;
    const answer = negotiate(req, true);
    const caller = await b.caller(req, { read: true });
    const r = caller.resolver;
    const paging = parsePaging(q);
    const p = projection(q, r);
    const geo = parseGeoQuery({ georel: q.georel, geometry: q.geometry, coordinates: q.coordinates, geoproperty: q.geoproperty });
    const ids = typeof q.id === 'string' && q.id ? q.id.split(',') : undefined;
    if (!ids && !q.idPattern && !q.type && !p.filterAttrs && !q.q && !geo && !q.scopeQ) {
      throw badData('A query needs at least one of id, idPattern, type, attrs, q, a geo-query or scopeQ.');
    }
    if (typeof q.idPattern === 'string') {
      try {
        new RegExp(q.idPattern);
      } catch {
        throw badData('idPattern is not a valid regular expression.');
      }
    }
    const authz = await b.access.readFilter(req.principal, 2);
    const type = typeof q.type === 'string' ? parseTypeSelector(q.type) : undefined;
    const filter = {
      ...(ids ? { ids } : {}), ...(typeof q.idPattern === 'string' ? { idPattern: q.idPattern } : {}),
      ...(type ? { type } : {}), ...(p.filterAttrs ? { attrs: p.filterAttrs } : {}),
      ...(typeof q.q === 'string' ? { q: parseQ(q.q) } : {}), ...(geo ? { geo } : {}), ...(typeof q.scopeQ === 'string' ? { scopeQ: q.scopeQ } : {}),
    };
    const sources = await csources.plans(req, caller, {
      op: 'queryEntity', types: type ? typeNames(type).map((t) => r.expand(t)) : null, ids: ids ?? null,
      idPattern: typeof q.idPattern === 'string' ? q.idPattern : null, attrs: p.filterAttrs,
    });
    let found: { entities: StoredEntity[]; total: number | null };
    if (!sources.length) found = await queryEntities(b.db, caller.tenant, { ...filter, ...paging }, r, authz);
    else {
      // Distributed (clause 4.3.6): the first offset + limit of every party, merged by id, then the page.
      const window = paging.offset + paging.limit;
      if (window > MAX_MERGED_WINDOW) throw new NgsiError('TooManyResults', `With context sources registered for this query, offset + limit may be at most ${MAX_MERGED_WINDOW}.`);
      const local = await queryEntities(b.db, caller.tenant, { ...filter, limit: window, offset: 0, count: paging.count }, r, authz);
      const forward = new URLSearchParams();
      for (const k of FORWARDED_QUERY) if (typeof q[k] === 'string') forward.set(k, q[k]);
      const merged = await csources.query(caller, b.core, forward, local, window, sources);
      warn(reply, merged.warnings);
      found = { entities: merged.entities.slice(paging.offset, window), total: merged.total };
    }
    pagingHeaders(req, reply, paging, found.entities.length, found.total);
    const opts = renderOpts(q, r);
    const items = found.entities.map((e) => renderEntity(e, r, opts));
    if (answer === 'geo+json') {
      const geoIri = r.expand(typeof q.geometryProperty === 'string' ? q.geometryProperty : 'location');
      return sendData(req, reply, answer, r, { type: 'FeatureCollection', features: found.entities.map((e, i) => toFeature(e, items[i]!, geoIri)) }, b.inline);
    }
    return sendData(req, reply, answer, r, items, b.inline);
  });

  app.get('/entities/:id', { schema: { tags, summary: 'Retrieve an entity', params: IdParams, querystring: AnyQuery } }, async (req, reply) => {
    const answer = negotiate(req, true);
    const caller = await b.caller(req, { read: true });
    const q = req.query as Q;
    const local = (await b.entities.load(caller, [req.params.id], b.db)).get(req.params.id) ?? null;
    const sources = await csources.plans(req, caller, {
      op: 'retrieveEntity', types: local?.types ?? null, ids: [req.params.id], idPattern: null, attrs: projection(q, caller.resolver).filterAttrs,
    });
    let found = local;
    if (sources.length) {
      const merged = await csources.retrieve(caller, b.core, req.params.id, local, sources);
      warn(reply, merged.warnings);
      found = merged.entity;
    }
    if (!found) throw notFound(`Entity ${req.params.id} was not found.`);
    const rendered = renderEntity(found, caller.resolver, renderOpts(q, caller.resolver));
    if (answer === 'geo+json') return sendData(req, reply, answer, caller.resolver, toFeature(found, rendered, caller.resolver.expand(typeof q.geometryProperty === 'string' ? q.geometryProperty : 'location')), b.inline);
    return sendData(req, reply, answer, caller.resolver, rendered, b.inline);
  });

  app.put('/entities/:id', { schema: { tags, summary: 'Replace an entity', params: IdParams } }, async (req, reply) => {
    await b.entities.replace(await b.caller(req, { body: req.body }), req.params.id, req.body);
    return noContent(req, reply);
  });

  app.patch('/entities/:id', { schema: { tags, summary: 'Merge into an entity (null deletes an attribute)', params: IdParams } }, async (req, reply) => {
    await b.entities.merge(await b.caller(req, { body: req.body }), req.params.id, req.body);
    return noContent(req, reply);
  });

  app.delete('/entities/:id', { schema: { tags, summary: 'Delete an entity', params: IdParams } }, async (req, reply) => {
    await b.entities.delete(await b.caller(req), req.params.id);
    return noContent(req, reply);
  });

  app.post('/entities/:id/attrs', { schema: { tags, summary: 'Append attributes (options=noOverwrite keeps existing ones; 207 lists them)', params: IdParams, querystring: AnyQuery } }, async (req, reply) => {
    const caller = await b.caller(req, { body: req.body });
    const noOverwrite = parseOptions(req.query as Q).flags.has('noOverwrite');
    return partial(req, reply, await b.entities.append(caller, req.params.id, req.body, noOverwrite), caller.resolver);
  });

  app.patch('/entities/:id/attrs', { schema: { tags, summary: 'Update existing attributes (207 lists those that do not exist)', params: IdParams } }, async (req, reply) => {
    const caller = await b.caller(req, { body: req.body });
    return partial(req, reply, await b.entities.update(caller, req.params.id, req.body), caller.resolver);
  });

  app.patch('/entities/:id/attrs/:attr', { schema: { tags, summary: 'Partially update one attribute', params: AttrParams } }, async (req, reply) => {
    await b.entities.patchAttr(await b.caller(req, { body: req.body }), req.params.id, req.params.attr, stripContext(req.body));
    return noContent(req, reply);
  });

  app.put('/entities/:id/attrs/:attr', { schema: { tags, summary: 'Replace one attribute', params: AttrParams } }, async (req, reply) => {
    await b.entities.replaceAttr(await b.caller(req, { body: req.body }), req.params.id, req.params.attr, stripContext(req.body));
    return noContent(req, reply);
  });

  app.delete('/entities/:id/attrs/:attr', { schema: { tags, summary: 'Delete an attribute (datasetId, deleteAll)', params: AttrParams, querystring: AnyQuery } }, async (req, reply) => {
    const q = req.query as Q;
    await b.entities.deleteAttr(await b.caller(req), req.params.id, req.params.attr, typeof q.datasetId === 'string' ? q.datasetId : null, q.deleteAll === 'true');
    return noContent(req, reply);
  });
}

function stripContext(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body) && '@context' in body) {
    const { '@context': _ctx, ...rest } = body as Record<string, unknown>;
    return rest;
  }
  return body;
}
