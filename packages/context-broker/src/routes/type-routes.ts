import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { notFound } from '../errors.js';
import { negotiate, sendData } from './negotiation.js';

const tags = ['ngsi-ld'];
const listId = (kind: string, items: string[]) => `urn:ngsi-ld:${kind}:${createHash('sha1').update(items.join('\n')).digest('hex').slice(0, 16)}`;

/** GET /types, /types/{type}, /attributes, /attributes/{attr} (clause 6.25–6.28), over what the caller may read. */
export function typeRoutes(app: HttpApp, b: Broker) {
  const scoped = async (principal: Parameters<Broker['access']['readFilter']>[0], tenant: string) => {
    const f = await b.access.readFilter(principal, 2);
    return { where: `e.tenant = $1 and ${f.sql}`, params: [tenant, ...f.params] };
  };

  app.get('/types', { schema: { tags, summary: 'Entity types in use (details=true for their attributes)' } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const r = caller.resolver;
    const { where, params } = await scoped(req.principal, caller.tenant);
    const rows = await b.db.query<{ type: string; attrs: string[] }>(
      `select t.type, array(select distinct k from ngsi.entities e2, jsonb_object_keys(e2.attrs) k where e2.tenant = $1 and t.type = any(e2.types) order by 1) as attrs
       from (select distinct unnest(e.types) as type from ngsi.entities e where ${where}) t order by t.type`, params);
    if ((req.query as Record<string, unknown>).details === 'true') {
      return sendData(req, reply, answer, r, rows.map((x) => ({ id: x.type, type: 'EntityType', typeName: r.compact(x.type), attributeNames: x.attrs.map((a) => r.compact(a)) })), b.inline);
    }
    const names = rows.map((x) => r.compact(x.type));
    return sendData(req, reply, answer, r, { id: listId('EntityTypeList', names), type: 'EntityTypeList', typeList: names }, b.inline);
  });

  app.get('/types/:type', { schema: { tags, summary: 'One entity type: how many entities, which attributes of which kinds', params: Type.Object({ type: Type.String() }) } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const r = caller.resolver;
    const iri = r.expand(req.params.type);
    const { where, params } = await scoped(req.principal, caller.tenant);
    const rows = await b.db.query<{ n: number; attr: string | null; kinds: string[] | null }>(
      `with ents as (select e.attrs from ngsi.entities e where ${where} and e.types @> array[$${params.length + 1}::text])
       select (select count(*)::int from ents) as n, a.key as attr, array_agg(distinct a.value->>'type') as kinds
       from ents left join lateral jsonb_each(ents.attrs) a on true group by a.key order by a.key`, [...params, iri]);
    const n = rows[0]?.n ?? 0;
    if (!n) throw notFound(`No entity of type ${req.params.type} exists.`);
    return sendData(req, reply, answer, r, {
      id: iri, type: 'EntityTypeInfo', typeName: r.compact(iri), entityCount: n,
      attributeDetails: rows.filter((x) => x.attr).map((x) => ({ id: x.attr, type: 'Attribute', attributeName: r.compact(x.attr!), attributeTypes: x.kinds ?? [] })),
    }, b.inline);
  });

  app.get('/attributes', { schema: { tags, summary: 'Attribute names in use (details=true for types and kinds)' } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const r = caller.resolver;
    const { where, params } = await scoped(req.principal, caller.tenant);
    const rows = await b.db.query<{ attr: string; n: number; types: string[]; kinds: string[] }>(
      `select a.key as attr, count(*)::int as n, array_agg(distinct t) as types, array_agg(distinct a.value->>'type') as kinds
       from ngsi.entities e cross join lateral jsonb_each(e.attrs) a cross join lateral unnest(e.types) t
       where ${where} group by a.key order by a.key`, params);
    if ((req.query as Record<string, unknown>).details === 'true') {
      return sendData(req, reply, answer, r, rows.map((x) => ({ id: x.attr, type: 'Attribute', attributeName: r.compact(x.attr), typeNames: x.types.map((t) => r.compact(t)) })), b.inline);
    }
    const names = rows.map((x) => r.compact(x.attr));
    return sendData(req, reply, answer, r, { id: listId('AttributeList', names), type: 'AttributeList', attributeList: names }, b.inline);
  });

  app.get('/attributes/:attr', { schema: { tags, summary: 'One attribute: how many entities have it, in which types and kinds', params: Type.Object({ attr: Type.String() }) } }, async (req, reply) => {
    const answer = negotiate(req, false);
    const caller = await b.caller(req, { read: true });
    const r = caller.resolver;
    const iri = r.expand(req.params.attr);
    const { where, params } = await scoped(req.principal, caller.tenant);
    const [row] = await b.db.query<{ n: number; types: string[] | null; kinds: string[] | null }>(
      `select count(distinct e.id)::int as n, array_agg(distinct t) as types, array_agg(distinct e.attrs->$${params.length + 1}::text->>'type') as kinds
       from ngsi.entities e cross join lateral unnest(e.types) t where ${where} and e.attrs ? $${params.length + 1}::text`, [...params, iri]);
    if (!row?.n) throw notFound(`No entity has the attribute ${req.params.attr}.`);
    return sendData(req, reply, answer, r, {
      id: iri, type: 'Attribute', attributeName: r.compact(iri), attributeCount: row.n, attributeTypes: row.kinds ?? [], typeNames: (row.types ?? []).map((t) => r.compact(t)),
    }, b.inline);
  });
}
