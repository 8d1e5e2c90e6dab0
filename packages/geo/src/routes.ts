import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import { notFound, type HttpApp, type ModuleContext } from '@zhicheng/kernel';
import { createDivisionsRepository } from './divisions-repository.js';
import {
  BoundariesQuery, BoundaryCollection, DivisionCode, DivisionDetail, DivisionList, DivisionSummary, ImportQuery, ImportResult,
  ListDivisionsQuery, LocateQuery,
} from './division-schemas.js';
import { geoServiceKey } from './geo-service.js';

const gzip = promisify(gzipCallback);

export function geoRoutes(app: HttpApp, ctx: ModuleContext) {
  const repo = createDivisionsRepository(ctx.db);
  const geo = ctx.services.get(geoServiceKey);
  const tags = ['geo'];

  app.get('/api/v1/geo/divisions', {
    schema: { tags, summary: 'List administrative divisions (filter by parent, level, name)', querystring: ListDivisionsQuery, response: { 200: DivisionList } },
  }, async (req) => repo.list(req.query));

  app.get('/api/v1/geo/divisions/:code', {
    schema: { tags, summary: 'One division with its path, bounding box and area', params: Type.Object({ code: DivisionCode }), response: { 200: DivisionDetail } },
  }, async (req) => {
    const d = await repo.get(req.params.code);
    if (!d) throw notFound('ERR_GEO_DIVISION_NOT_FOUND', `No division has the code ${req.params.code}.`);
    return d;
  });

  const gzipped = new Map<string, Buffer>();
  app.get('/api/v1/geo/boundaries', {
    schema: {
      tags, summary: 'Division boundaries as a GeoJSON FeatureCollection (application/geo+json)',
      querystring: BoundariesQuery, response: { 200: BoundaryCollection, 304: Type.Null() },
    },
  }, async (req, reply) => {
    // Boundaries change only by import: an ETag lets the console cache the ~0.5 MB answer.
    const changed = (await repo.lastChange())?.getTime() ?? 0;
    const etag = `"b-${changed}-${req.query.level ?? ''}-${req.query.parent ?? ''}-${req.query.code ?? ''}"`;
    reply.header('etag', etag).header('cache-control', 'private, max-age=60, must-revalidate');
    if (req.headers['if-none-match'] === etag) return reply.status(304).send(null);
    const rows = await repo.boundaries(req.query);
    const body = JSON.stringify({
      type: 'FeatureCollection',
      features: rows.map((r) => ({
        type: 'Feature',
        properties: {
          code: r.code, name: r.name, level: r.level, parentCode: r.parent_code,
          center: r.center_lon === null || r.center_lat === null ? null : [r.center_lon, r.center_lat], areaKm2: r.area_km2,
        },
        geometry: r.boundary,
      })),
    });
    reply.type('application/geo+json; charset=utf-8').header('vary', 'Accept-Encoding');
    // Counties of mountain prefectures sit behind slow links: half a megabyte of coordinates
    // goes out gzipped (about a fifth), compressed once per version and kept.
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      let zipped = gzipped.get(etag);
      if (!zipped) {
        zipped = await gzip(body);
        if (gzipped.size >= 16) gzipped.delete(gzipped.keys().next().value!);
        gzipped.set(etag, zipped);
      }
      return reply.header('content-encoding', 'gzip').send(zipped as never);
    }
    // Sent pre-serialised: the schema documents the shape, a string skips re-serialising megabytes of coordinates.
    return reply.send(body as never);
  });

  app.get('/api/v1/geo/locate', {
    schema: { tags, summary: 'Which divisions contain a point (deepest first)', querystring: LocateQuery, response: { 200: Type.Object({ items: Type.Array(DivisionSummary) }) } },
  }, async (req) => ({ items: await geo.locate(req.query.lon, req.query.lat) }));

  app.post('/api/v1/geo/boundaries/import', {
    config: { permission: 'geo:import' },
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags, summary: "Import a city's own boundaries (GeoJSON FeatureCollection); all or nothing",
      querystring: ImportQuery, body: Type.Object({ type: Type.String() }, { additionalProperties: true }),
      response: { 200: ImportResult, 400: ImportResult },
    },
  }, async (req, reply) => {
    const result = await geo.importBoundaries(req.body, { ...req.query, source: `import by ${req.principal?.name ?? 'unknown'}` });
    return reply.status(result.errors.length ? 400 : 200).send(result);
  });
}
