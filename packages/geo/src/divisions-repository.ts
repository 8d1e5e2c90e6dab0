import type { Queryable } from '@zhicheng/kernel';
import type { BoundaryRow } from './boundary-import.js';
import type { DivisionRecord } from './divisions-csv.js';
import type { AreaGeometry, DivisionDetail, DivisionLevel, DivisionSummary } from './division-schemas.js';

interface DivisionDbRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parent_code: string | null;
  path: string[];
  center_lon: number | null;
  center_lat: number | null;
  bbox: string | null;
  area_km2: number | null;
  has_boundary: boolean;
  source: string;
  child_count: number;
}

const summary = (r: Pick<DivisionDbRow, 'code' | 'name' | 'level' | 'parent_code' | 'center_lon' | 'center_lat'>): DivisionSummary => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  center: r.center_lon === null || r.center_lat === null ? null : [r.center_lon, r.center_lat],
});

/** PostgreSQL prints a box as `(x2,y2),(x1,y1)` (upper right first). */
function parseBox(text: string | null): [number, number, number, number] | null {
  if (!text) return null;
  const n = text.match(/-?\d+(\.\d+)?(e-?\d+)?/gi)?.map(Number);
  if (!n || n.length !== 4) return null;
  return [Math.min(n[0]!, n[2]!), Math.min(n[1]!, n[3]!), Math.max(n[0]!, n[2]!), Math.max(n[1]!, n[3]!)];
}

export interface ListFilter {
  parent?: string;
  level?: DivisionLevel;
  q?: string;
  limit: number;
  offset: number;
}

export function createDivisionsRepository(db: Queryable) {
  return {
    async count(): Promise<number> {
      const [r] = await db.query<{ n: number }>('select count(*)::int as n from geo.divisions');
      return r?.n ?? 0;
    },

    async list(f: ListFilter): Promise<{ items: DivisionSummary[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.parent) where.push(`parent_code = $${params.push(f.parent)}`);
      if (f.level) where.push(`level = $${params.push(f.level)}`);
      if (f.q) where.push(`strpos(name, $${params.push(f.q)}) > 0`);
      const w = where.length ? `where ${where.join(' and ')}` : '';
      const rows = await db.query<DivisionDbRow & { total: number }>(
        `select code, name, level, parent_code, center_lon, center_lat, count(*) over ()::int as total
         from geo.divisions ${w} order by code limit $${params.push(f.limit)} offset $${params.push(f.offset)}`,
        params,
      );
      const total = rows[0]?.total ?? (f.offset > 0 ? (await db.query<{ n: number }>(`select count(*)::int as n from geo.divisions ${w}`, params.slice(0, -2)))[0]!.n : 0);
      return { items: rows.map(summary), total };
    },

    async get(code: string): Promise<DivisionDetail | null> {
      const [r] = await db.query<DivisionDbRow>(
        `select d.code, d.name, d.level, d.parent_code, d.path, d.center_lon, d.center_lat, d.bbox::text as bbox, d.area_km2,
                d.boundary is not null as has_boundary, d.source,
                (select count(*)::int from geo.divisions c where c.parent_code = d.code) as child_count
         from geo.divisions d where d.code = $1`,
        [code],
      );
      if (!r) return null;
      return { ...summary(r), path: r.path, bbox: parseBox(r.bbox), areaKm2: r.area_km2, hasBoundary: r.has_boundary, source: r.source, childCount: r.child_count };
    },

    async boundaries(f: { level?: DivisionLevel; parent?: string; code?: string }) {
      const where = ['boundary is not null'];
      const params: unknown[] = [];
      if (f.level) where.push(`level = $${params.push(f.level)}`);
      if (f.parent) where.push(`parent_code = $${params.push(f.parent)}`);
      if (f.code) where.push(`code = $${params.push(f.code)}`);
      return db.query<DivisionDbRow & { boundary: AreaGeometry }>(
        `select code, name, level, parent_code, center_lon, center_lat, area_km2, boundary
         from geo.divisions where ${where.join(' and ')} order by code`,
        params,
      );
    },

    async lastChange(): Promise<Date | null> {
      const [r] = await db.query<{ t: Date | null }>('select max(updated_at) as t from geo.divisions');
      return r?.t ?? null;
    },

    /** Candidates whose bounding box holds the point, deepest level first. */
    async candidatesAt(lon: number, lat: number) {
      return db.query<DivisionDbRow & { boundary: AreaGeometry }>(
        `select code, name, level, parent_code, center_lon, center_lat, path, boundary
         from geo.divisions where bbox @> box(point($1, $2), point($1, $2))
         order by array_length(path, 1) desc`,
        [lon, lat],
      );
    },

    async paths(codes: string[]): Promise<Map<string, string[]>> {
      if (!codes.length) return new Map();
      const rows = await db.query<{ code: string; path: string[] }>('select code, path from geo.divisions where code = any($1::text[])', [codes]);
      return new Map(rows.map((r) => [r.code, r.path]));
    },

    async insertRecords(records: DivisionRecord[], paths: Map<string, string[]>, source: string): Promise<number> {
      if (!records.length) return 0;
      const rows = await db.query<{ code: string }>(
        `insert into geo.divisions (code, name, level, parent_code, path, source)
         select r.code, r.name, r.level, r.parent_code, string_to_array(r.path, '/'), $6
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as r(code, name, level, parent_code, path)
         on conflict (code) do nothing returning code`,
        [records.map((r) => r.code), records.map((r) => r.name), records.map((r) => r.level), records.map((r) => r.parentCode),
          records.map((r) => paths.get(r.code)!.join('/')), source],
      );
      return rows.length;
    },

    /** Inserts or updates one division's boundary; returns whether it was new. */
    async upsertBoundary(row: BoundaryRow, path: string[], source: string): Promise<'inserted' | 'updated'> {
      const [r] = await db.query<{ inserted: boolean }>(
        `insert into geo.divisions (code, name, level, parent_code, path, center_lon, center_lat, bbox, boundary, area_km2, source)
         values ($1, coalesce($2, $1), $3, $4, $5, $6, $7, box(point($8, $9), point($10, $11)), $12, $13, $14)
         on conflict (code) do update set
           name = coalesce($2, geo.divisions.name), center_lon = coalesce($6, geo.divisions.center_lon),
           center_lat = coalesce($7, geo.divisions.center_lat), bbox = excluded.bbox, boundary = excluded.boundary,
           area_km2 = excluded.area_km2, source = excluded.source, updated_at = now()
         returning (xmax = 0) as inserted`,
        [row.code, row.name, row.level, row.parentCode, path, row.center?.[0] ?? null, row.center?.[1] ?? null,
          row.bbox[0], row.bbox[1], row.bbox[2], row.bbox[3], JSON.stringify(row.boundary), row.areaKm2, source],
      );
      return r?.inserted ? 'inserted' : 'updated';
    },

    async setMissingCenters(centers: { code: string; lon: number; lat: number }[]) {
      if (!centers.length) return;
      await db.query(
        `update geo.divisions d set center_lon = c.lon, center_lat = c.lat
         from unnest($1::text[], $2::float8[], $3::float8[]) as c(code, lon, lat)
         where d.code = c.code and d.center_lon is null`,
        [centers.map((c) => c.code), centers.map((c) => c.lon), centers.map((c) => c.lat)],
      );
    },
  };
}

export type DivisionsRepository = ReturnType<typeof createDivisionsRepository>;
