import { Type } from '@sinclair/typebox';
import { badRequest, notFound, type HttpApp } from '@zhicheng/kernel';
import type { Broker } from '../broker.js';
import { collectStats } from '../datahub/stats.js';
import { lttb } from '../datahub/lttb.js';
import { renderEntity } from '../model/render.js';
import { cellSql, codesOf } from '../temporal/history-cells.js';
import { rollupsCurrent } from '../temporal/rollup-job.js';
import { attributeNames, instancesOf, type StoredEntity } from '../model/types.js';
import { queryEntities } from '../query/entity-query.js';
import { parseQ } from '../query/q-parser.js';
import { parseTypeSelector } from '../query/type-selector.js';

const tags = ['datahub'];

/** The latest observation time over every attribute instance (parsed: clients may send other offsets than Z). */
function latestObservedAt(e: Pick<StoredEntity, 'attrs' | 'datasets'>): string | null {
  let latest: number | null = null;
  for (const iri of attributeNames(e)) {
    for (const i of instancesOf(e, iri)) {
      const at = i.observedAt ? Date.parse(i.observedAt) : Number.NaN;
      if (!Number.isNaN(at) && (latest === null || at > latest)) latest = at;
    }
  }
  return latest === null ? null : new Date(latest).toISOString();
}
const RAW_LIMIT = 200_000;

const EntityItem = Type.Object({
  id: Type.String(), type: Type.String(), departmentId: Type.Union([Type.String(), Type.Null()]), divisionCode: Type.Union([Type.String(), Type.Null()]),
  modifiedAt: Type.String(),
  observedAt: Type.Union([Type.String(), Type.Null()], { description: 'The latest observedAt of its attributes (when it was measured, not stored); null when none has one.' }),
  attributes: Type.Record(Type.String(), Type.Unknown()),
});
export const DatahubEntityList = Type.Object({ items: Type.Array(EntityItem), total: Type.Integer() });
export const DatahubHistory = Type.Object({
  entityId: Type.String(), attr: Type.String(), source: Type.Union([Type.Literal('raw'), Type.Literal('rollup')]),
  /** Points in the range before downsampling. */
  total: Type.Integer(),
  points: Type.Array(Type.Tuple([Type.String(), Type.Number()])),
});

/**
 * The console's entity browser: server-side pagination over what the user may read (short
 * Smart Data Models names, no @context to send), history for charts downsampled with LTTB,
 * and the data hub's statistics.
 */
export function datahubRoutes(app: HttpApp, b: Broker) {
  app.get('/api/v1/datahub/entities', {
    config: { permission: 'entities:read' },
    schema: {
      tags, summary: 'Browse entities (type, county, department, id search, NGSI-LD q), paged, within the caller\'s scope',
      querystring: Type.Object({
        type: Type.Optional(Type.String({ maxLength: 200 })), county: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        department: Type.Optional(Type.String({ maxLength: 100, description: 'The owning department' })),
        q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the entity id' })),
        ngsiQ: Type.Optional(Type.String({ maxLength: 2000, description: 'NGSI-LD q expression over attributes' })),
        tenant: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }),
      }),
      response: { 200: DatahubEntityList },
    },
  }, async (req) => {
    const q = req.query;
    const r = b.sdm;
    const authz = await b.access.readFilter(req.principal, 2);
    const found = await queryEntities(b.db, q.tenant ?? '', {
      ...(q.type ? { type: parseTypeSelector(q.type) } : {}), ...(q.ngsiQ ? { q: parseQ(q.ngsiQ) } : {}),
      ...(q.q ? { idPattern: q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } : {}), ...(q.county ? { divisionPrefix: q.county } : {}),
      ...(q.department ? { departmentId: q.department } : {}),
      limit: q.limit, offset: q.offset, count: true,
    }, r, authz);
    return {
      items: found.entities.map((e) => {
        const { id, type, ...attributes } = renderEntity(e, r, { format: 'keyValues', attrs: null });
        return { id: String(id), type: String(type), departmentId: e.departmentId, divisionCode: e.divisionCode, modifiedAt: e.modifiedAt, observedAt: latestObservedAt(e), attributes };
      }),
      total: found.total ?? 0,
    };
  });

  app.get('/api/v1/datahub/entities/:id/history', {
    config: { permission: 'entities:read' },
    schema: {
      tags, summary: 'One numeric attribute over time for a chart, downsampled to `points` with LTTB',
      params: Type.Object({ id: Type.String() }),
      querystring: Type.Object({
        attr: Type.String({ minLength: 1, maxLength: 500 }), from: Type.Optional(Type.String({ format: 'date-time' })), to: Type.Optional(Type.String({ format: 'date-time' })),
        points: Type.Integer({ minimum: 3, maximum: 5000, default: 500 }), tenant: Type.Optional(Type.String({ maxLength: 64 })),
      }),
      response: { 200: DatahubHistory },
    },
  }, async (req) => {
    const q = req.query;
    const tenant = q.tenant ?? '';
    const access = await b.access.forCaller(req.principal);
    const e = (await b.entities.load({ tenant, access }, [req.params.id], b.db)).get(req.params.id);
    if (!e) throw notFound('ERR_DATAHUB_ENTITY_NOT_FOUND', `Entity ${req.params.id} does not exist or is not yours to see.`);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 86_400_000);
    if (!(from < to)) throw badRequest('ERR_DATAHUB_BAD_RANGE', '`from` must be before `to`.');
    const attr = b.sdm.expand(q.attr);
    const codes = (await codesOf(b.db, [attr])).get(attr)!;
    const rawParams: unknown[] = [tenant, e.id, attr, from.toISOString(), to.toISOString()];
    const raw = await b.db.query<{ ts: Date; v: number }>(
      `select ts, v from (select h.ts, ${cellSql('h', '$3', codes, rawParams).number} as v from ngsi.history h
         where h.tenant = $1 and h.entity_id = $2 and h.ts >= $4 and h.ts < $5) x
       where v is not null order by ts limit ${RAW_LIMIT + 1}`,
      rawParams,
    );
    let source: 'raw' | 'rollup' = 'raw';
    let series: [number, number][] = raw.map((x) => [new Date(x.ts).getTime(), x.v]);
    if (raw.length > RAW_LIMIT) {
      // Too many raw points to ship to the downsampler: hourly means from the rollups.
      source = 'rollup';
      const params: unknown[] = [tenant, [e.id], attr, from.toISOString(), to.toISOString()];
      const current = rollupsCurrent(cellSql('h', '$3', codes, params).number);
      const rows = await b.db.query<{ bucket: Date; v: number }>(
        `select bucket, sum(sum) / nullif(sum(n), 0) as v from ${current} r where bucket >= $4 and bucket < $5 group by bucket order by bucket`,
        params,
      );
      series = rows.map((x) => [new Date(x.bucket).getTime(), Number(x.v)]);
    }
    return { entityId: e.id, attr: q.attr, source, total: series.length, points: lttb(series, q.points).map(([t, v]) => [new Date(t).toISOString(), v] as [string, number]) };
  });

  app.get('/api/v1/datahub/stats', {
    config: { permission: 'entities:read' },
    schema: {
      tags,
      summary: 'Entities per type, history points per type, storage per retention class, outbox. A caller limited to an area '
        + '(county or department) gets the entity counts of that area only (`scope: "area"`) and not the platform-wide figures.',
    },
  }, async (req) => {
    const access = await b.access.forCaller(req.principal);
    if (access.read.all) {
      await b.counter.flush();
      return { scope: 'all', ...(await collectStats(b.db, b.partitions, b.sdm)) };
    }
    const authz = await b.access.readFilter(req.principal, 1);
    const entities = await b.db.query<{ tenant: string; type: string; count: number }>(
      `select e.tenant, e.types[1] as type, count(*)::int as count from ngsi.entities e where ${authz.sql} group by 1, 2 order by 1, 2`, authz.params);
    return { scope: 'area', entities: entities.map((e) => ({ ...e, type: b.sdm.compact(e.type) })) };
  });
}
