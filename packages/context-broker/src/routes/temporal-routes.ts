import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import type { TermResolver } from '../context/term-map.js';
import { badData, notFound } from '../errors.js';
import { attributeNames, type StoredEntity } from '../model/types.js';
import { queryEntities } from '../query/entity-query.js';
import { parseGeoQuery } from '../query/geo-query.js';
import { parseQ } from '../query/q-parser.js';
import { parseTypeSelector } from '../query/type-selector.js';
import { historyKey } from '../temporal/history-writer.js';
import { parseTemporalParams, type TemporalParams } from '../temporal/temporal-params.js';
import { aggregate, loadInstances } from '../temporal/temporal-query.js';
import { renderTemporal } from '../temporal/temporal-render.js';
import { writeTemporal } from '../temporal/temporal-write.js';
import { negotiate, pagingHeaders, parseOptions, parsePaging, sendData } from './negotiation.js';

const tags = ['ngsi-ld temporal'];
type Q = Record<string, unknown>;

/** History keys to read: the requested attributes (or all current ones), with each datasetId seen. */
function keysOf(entities: StoredEntity[], attrs: string[] | null): string[] {
  const keys = new Set<string>();
  for (const e of entities) {
    for (const iri of attrs ?? attributeNames(e)) {
      keys.add(iri);
      for (const i of e.datasets?.[iri] ?? []) keys.add(historyKey(iri, i.datasetId));
    }
  }
  return [...keys];
}

export function temporalRoutes(app: HttpApp, b: Broker) {
  async function answer(req: FastifyRequest, reply: FastifyReply, entities: StoredEntity[], r: TermResolver, p: TemporalParams, attrs: string[] | null, single: boolean) {
    const ids = entities.map((e) => e.id);
    const keys = keysOf(entities, attrs);
    const tenant = b.tenants.parse(req.headers['ngsild-tenant']);
    const instances = p.format !== 'aggregatedValues' && ids.length ? await loadInstances(b.db, tenant, ids, keys, p) : new Map();
    const aggregates = p.format === 'aggregatedValues' && ids.length ? (await aggregate(b.db, tenant, ids, keys, p)).values : new Map();
    const items = entities.map((e) => renderTemporal(e, keys, instances.get(e.id), aggregates.get(e.id), r, p));
    return sendData(req, reply, negotiate(req, false), r, single ? items[0] : items, b.inline);
  }

  const attrList = (v: unknown, r: TermResolver) => (typeof v === 'string' && v ? v.split(',').map((a) => r.expand(a.trim())) : null);

  app.get('/temporal/entities/:id', { schema: { tags, summary: 'Temporal evolution of one entity (timerel, lastN, temporalValues, aggregatedValues)', params: Type.Object({ id: Type.String() }) } }, async (req, reply) => {
    const caller = await b.caller(req, { read: true });
    const q = req.query as Q;
    const p = parseTemporalParams(q, parseOptions(q).flags);
    const e = (await b.entities.load(caller, [req.params.id], b.db)).get(req.params.id);
    if (!e) throw notFound(`Entity ${req.params.id} was not found.`);
    return answer(req, reply, [e], caller.resolver, p, attrList(q.attrs, caller.resolver), true);
  });

  const queryTemporal = async (req: FastifyRequest, reply: FastifyReply, q: Q, body: Q | null) => {
    const caller = await b.caller(req, { read: true, ...(body ? { body } : {}) });
    const r = caller.resolver;
    const src = body ? { ...(body.temporalQ as Q | undefined), ...q } : q;
    const p = parseTemporalParams(src, parseOptions(q).flags);
    const paging = parsePaging(q);
    const sel = body ? ((body.entities as Q[] | undefined)?.[0] ?? {}) : q;
    const attrs = body ? (Array.isArray(body.attrs) ? (body.attrs as string[]).map((a) => r.expand(a)) : null) : attrList(q.attrs, r);
    const geoSrc = (body ? body.geoQ : q) as Q | undefined;
    const geo = geoSrc ? parseGeoQuery({ georel: geoSrc.georel, geometry: geoSrc.geometry, coordinates: typeof geoSrc.coordinates === 'string' || geoSrc.coordinates === undefined ? geoSrc.coordinates : JSON.stringify(geoSrc.coordinates), geoproperty: geoSrc.geoproperty }) : null;
    const qText = body ? body.q : q.q;
    const ids = typeof sel.id === 'string' && sel.id ? sel.id.split(',') : undefined;
    if (!ids && !sel.idPattern && !sel.type && !attrs && !qText && !geo) throw badData('A temporal query needs id, idPattern, type, attrs, q or a geo-query.');
    const found = await queryEntities(b.db, caller.tenant, {
      ...(ids ? { ids } : {}), ...(typeof sel.idPattern === 'string' ? { idPattern: sel.idPattern } : {}),
      ...(typeof sel.type === 'string' ? { type: parseTypeSelector(sel.type) } : {}), ...(attrs ? { attrs } : {}),
      ...(typeof qText === 'string' ? { q: parseQ(qText) } : {}), ...(geo ? { geo } : {}), ...paging,
    }, r, await b.access.readFilter(req.principal, 2));
    pagingHeaders(req, reply, paging, found.entities.length, found.total);
    return answer(req, reply, found.entities, r, p, attrs, false);
  };

  app.get('/temporal/entities', { schema: { tags, summary: 'Query temporal evolution (type, id, attrs, q, timerel, lastN, aggregation)' } }, async (req, reply) => queryTemporal(req, reply, req.query as Q, null));

  app.post('/temporal/entityOperations/query', { schema: { tags, summary: 'Temporal query with a Query body (temporalQ)' } }, async (req, reply) => {
    const body = req.body as Q;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badData('The body must be a Query object.');
    return queryTemporal(req, reply, req.query as Q, body);
  });

  app.post('/temporal/entities', { schema: { tags, summary: 'Create or add to the temporal evolution of an entity (201 new, 204 existing)' } }, async (req, reply) => {
    const created = await writeTemporal(b, await b.caller(req, { body: req.body }), req.body, null);
    if (created) reply.header('location', `/ngsi-ld/v1/temporal/entities/${encodeURIComponent(String((req.body as Q).id))}`);
    return reply.status(created ? 201 : 204).send();
  });

  app.post('/temporal/entities/:id/attrs', { schema: { tags, summary: 'Add attribute instances to the temporal evolution', params: Type.Object({ id: Type.String() }) } }, async (req, reply) => {
    await writeTemporal(b, await b.caller(req, { body: req.body }), req.body, req.params.id);
    return reply.status(204).send();
  });
}
