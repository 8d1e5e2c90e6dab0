import { Type } from '@sinclair/typebox';
import { badRequest, type HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { divisionSubtreeSql } from '../query/entity-query.js';
import { parseTypeSelector, typeSelectorSql } from '../query/type-selector.js';

const tags = ['datahub'];
/** One answer carries at most this many points; more is `truncated` (narrow by county). */
export const MAX_POINTS = 200_000;
const MAX_ATTRS = 8;
const DEFAULT_CONTEXT = 'https://uri.etsi.org/ngsi-ld/default-context/';
/** Six decimals of a degree are ~0.1 m: more would only make the answer longer. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export const DatahubPoints = Type.Object({
  type: Type.String(),
  attrs: Type.Array(Type.String(), { description: 'The names of the values that follow the four fixed fields of each item, in order.' }),
  total: Type.Integer({ description: 'Points in the answer.' }),
  truncated: Type.Boolean({ description: `True when more than ${MAX_POINTS} entities matched; narrow by county.` }),
  items: Type.Array(Type.Array(Type.Unknown()), {
    description: 'One array per entity: [id, longitude, latitude, divisionCode or null, …the values of `attrs`].',
  }),
});

/**
 * The map's view of one entity type: every located entity the caller may read as a compact
 * row (id, position, division, the few values its legend needs), in one request. The console
 * overview draws 100,000 devices from these; listing full entities 1,000 a page took ~47
 * requests and most of the bytes were attributes the map never shows.
 */
export function datahubPointsRoute(app: HttpApp, b: Broker) {
  app.get('/api/v1/datahub/points', {
    config: { permission: 'entities:read' },
    schema: {
      tags, summary: 'Located entities of one type as compact map points (id, position, division, chosen values), within the caller\'s scope',
      querystring: Type.Object({
        type: Type.String({ minLength: 1, maxLength: 200 }),
        attrs: Type.Optional(Type.String({ maxLength: 500, description: `Up to ${MAX_ATTRS} attribute names, comma-separated (short names or IRIs)` })),
        county: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        tenant: Type.Optional(Type.String({ maxLength: 64 })),
      }),
      response: { 200: DatahubPoints },
    },
  }, async (req) => {
    const q = req.query;
    const names = (q.attrs ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length > MAX_ATTRS) throw badRequest('ERR_DATAHUB_TOO_MANY_ATTRS', `Ask for at most ${MAX_ATTRS} attributes per request (got ${names.length}).`);
    const authz = await b.access.readFilter(req.principal, 2);
    const params: unknown[] = [q.tenant ?? '', ...authz.params];
    const where = ['e.tenant = $1', authz.sql, 'e.location_box is not null', typeSelectorSql(parseTypeSelector(q.type), b.sdm, params)];
    if (q.county) where.push(divisionSubtreeSql(q.county, params));
    // A Property's value, a Relationship's object: what a legend can classify. A short name the
    // Smart Data Models context does not define was stored under the default context's IRI.
    const values = names.map((n) => {
      const iris = [...new Set([b.sdm.expand(n), ...(n.includes(':') ? [] : [`${DEFAULT_CONTEXT}${n}`])])];
      const ps = iris.map((iri) => `$${params.push(iri)}::text`);
      return `coalesce(${ps.map((p) => `e.attrs->${p}->'value', e.attrs->${p}->'object'`).join(', ')})`;
    });
    const rows = await b.db.query<{ id: string; d: string | null; x: number; y: number; v: unknown[] }>(
      `select e.id, e.division_code as d, (center(e.location_box))[0] as x, (center(e.location_box))[1] as y,
              jsonb_build_array(${values.join(', ')}) as v
         from ngsi.entities e where ${where.join(' and ')} order by e.id limit ${MAX_POINTS + 1}`,
      // planned with the values every time: a county or the whole prefecture want different plans
      params, { prepare: false },
    );
    const truncated = rows.length > MAX_POINTS;
    const items = (truncated ? rows.slice(0, MAX_POINTS) : rows).map((r) => [r.id, round6(Number(r.x)), round6(Number(r.y)), r.d, ...(r.v ?? [])]);
    return { type: q.type, attrs: names, total: items.length, truncated, items };
  });
}
