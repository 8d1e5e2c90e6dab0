import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import { badRequest, serviceKey, type Db } from '@zhicheng/kernel';
import { parseBoundaryGeoJson, type ParseOptions } from './boundary-import.js';
import { createDivisionsRepository } from './divisions-repository.js';
import type { DivisionSummary, ImportResult } from './division-schemas.js';

export interface GeoService {
  /** The divisions that contain a point, from the deepest level up. */
  locate(lon: number, lat: number): Promise<DivisionSummary[]>;
  /** Checks a city's boundary GeoJSON and writes it in one transaction; nothing is written if any feature is invalid. */
  importBoundaries(input: unknown, opts?: ParseOptions & { source?: string }): Promise<ImportResult>;
  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): Promise<boolean>;
  regionName(regionCode: string): Promise<string | null>;
}

export const geoServiceKey = serviceKey<GeoService>('geo');

export function createGeoService(db: Db): GeoService {
  const repo = createDivisionsRepository(db);
  return {
    async locate(lon, lat) {
      const candidates = await repo.candidatesAt(lon, lat);
      return candidates
        .filter((c) => booleanPointInPolygon([lon, lat], c.boundary))
        .map((c) => ({ code: c.code, name: c.name, level: c.level, parentCode: c.parent_code, center: c.center_lon === null || c.center_lat === null ? null : [c.center_lon, c.center_lat] as [number, number] }));
    },

    async importBoundaries(input, opts = {}) {
      const { rows, errors } = parseBoundaryGeoJson(input, opts);
      if (errors.length) return { inserted: 0, updated: 0, errors };
      if (!rows.length) throw badRequest('ERR_GEO_EMPTY_IMPORT', 'The GeoJSON has no features to import.');
      return db.transaction(async (tx) => {
        const txRepo = createDivisionsRepository(tx);
        // Parents first, so each division's path can be built from the one above it.
        const order = { province: 0, prefecture: 1, county: 2, township: 3, village: 4 } as const;
        rows.sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code));
        const known = await txRepo.paths([...new Set(rows.flatMap((r) => (r.parentCode ? [r.parentCode, r.code] : [r.code])))]);
        let inserted = 0;
        let updated = 0;
        const problems: ImportResult['errors'] = [];
        for (const [index, row] of rows.entries()) {
          const parentPath = row.parentCode ? known.get(row.parentCode) : undefined;
          const path = known.get(row.code) ?? (parentPath ? [...parentPath, row.code] : [row.code]);
          const center = row.center ?? (centroid({ type: 'Feature', properties: {}, geometry: row.boundary }).geometry.coordinates as [number, number]);
          const outcome = await txRepo.upsertBoundary({ ...row, center }, path, opts.source ?? 'import');
          if (outcome === 'inserted') {
            if (!row.name) problems.push({ index, code: row.code, reason: 'a new division needs a name' });
            inserted++;
          } else updated++;
          known.set(row.code, path);
        }
        if (problems.length) throw badRequest('ERR_GEO_INVALID_IMPORT', problems.map((p) => `${p.code}: ${p.reason}`).join('; '), { errors: problems });
        return { inserted, updated, errors: [] };
      });
    },

    async isWithin(code, ancestor) {
      if (code === ancestor) return true;
      const paths = await repo.paths([code]);
      return paths.get(code)?.includes(ancestor) ?? false;
    },

    async regionName(regionCode) {
      return (await repo.get(regionCode))?.name ?? null;
    },
  };
}
