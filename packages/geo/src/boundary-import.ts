import area from '@turf/area';
import bbox from '@turf/bbox';
import rewind from '@turf/rewind';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { levelOfCode, parentOfCode } from './division-codes.js';
import type { AreaGeometry, DivisionLevel } from './division-schemas.js';

export interface BoundaryRow {
  code: string;
  name: string | null;
  level: DivisionLevel;
  parentCode: string | null;
  center: [number, number] | null;
  bbox: [number, number, number, number];
  areaKm2: number;
  boundary: AreaGeometry;
}

export interface ImportProblem {
  index: number;
  code: string | null;
  reason: string;
}

export interface ParseOptions {
  codeProperty?: string;
  nameProperty?: string;
}

const MAX_FEATURES = 20_000;

/**
 * Checks a city's boundary GeoJSON feature by feature and turns it into rows: codes and
 * levels, closed rings of valid WGS84 positions, exterior rings counter-clockwise (RFC 7946),
 * bounding box and area. Every problem is reported with the feature's index, none is skipped.
 */
export function parseBoundaryGeoJson(input: unknown, opts: ParseOptions = {}): { rows: BoundaryRow[]; errors: ImportProblem[] } {
  const codeProp = opts.codeProperty ?? 'adcode';
  const nameProp = opts.nameProperty ?? 'name';
  const errors: ImportProblem[] = [];
  const rows: BoundaryRow[] = [];
  const fc = input as { type?: unknown; features?: unknown };
  const features = fc?.type === 'FeatureCollection' && Array.isArray(fc.features)
    ? fc.features
    : (input as { type?: unknown })?.type === 'Feature' ? [input] : null;
  if (!features) return { rows, errors: [{ index: -1, code: null, reason: 'expected a GeoJSON FeatureCollection or Feature' }] };
  if (features.length > MAX_FEATURES) return { rows, errors: [{ index: -1, code: null, reason: `at most ${MAX_FEATURES} features per import` }] };
  const seen = new Set<string>();
  features.forEach((f: unknown, index: number) => {
    const feature = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
    const props = feature?.properties ?? {};
    const rawCode = props[codeProp] ?? props.code ?? props.adcode;
    const code = typeof rawCode === 'number' ? String(rawCode) : typeof rawCode === 'string' ? rawCode.trim() : null;
    const fail = (reason: string) => errors.push({ index, code, reason });
    if (feature?.type !== 'Feature') return fail('not a Feature');
    if (!code) return fail(`no division code in property "${codeProp}" or "code"`);
    const level = typeof props.level === 'string' && ['province', 'prefecture', 'county', 'township', 'village'].includes(props.level)
      ? (props.level as DivisionLevel)
      : levelOfCode(code);
    if (!level) return fail(`"${code}" is not a division code (6, 9 or 12 digits)`);
    if (seen.has(code)) return fail(`code ${code} appears twice`);
    seen.add(code);
    const geometryProblem = checkGeometry(feature.geometry);
    if (geometryProblem) return fail(geometryProblem);
    const name = typeof props[nameProp] === 'string' && (props[nameProp] as string).trim() ? (props[nameProp] as string).trim() : null;
    const parentRaw = props.parentCode ?? props.parent_code ?? props.parent;
    const parentCode = typeof parentRaw === 'string' || typeof parentRaw === 'number' ? String(parentRaw) : parentOfCode(code);
    const geom = rewind(feature.geometry as Polygon | MultiPolygon) as Polygon | MultiPolygon;
    const asFeature: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: geom };
    const center = Array.isArray(props.center) && props.center.length === 2 && props.center.every((n) => typeof n === 'number')
      ? (props.center as [number, number])
      : null;
    rows.push({
      code, name, level, parentCode, center,
      bbox: bbox(asFeature) as [number, number, number, number],
      areaKm2: Math.round(area(asFeature) / 1e4) / 100,
      boundary: geom as AreaGeometry,
    });
  });
  return { rows, errors };
}

function checkGeometry(g: { type?: unknown; coordinates?: unknown } | null | undefined): string | null {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return 'geometry must be a Polygon or MultiPolygon';
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown;
  if (!Array.isArray(polygons) || polygons.length === 0) return 'geometry has no polygons';
  for (const poly of polygons) {
    if (!Array.isArray(poly) || poly.length === 0) return 'a polygon has no rings';
    for (const ring of poly) {
      if (!Array.isArray(ring) || ring.length < 4) return 'every ring needs at least 4 positions';
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          return 'a position is not [longitude, latitude]';
        }
        if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return `position [${p[0]}, ${p[1]}] is outside WGS84 longitude/latitude (is it projected?)`;
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) return 'a ring is not closed (first and last positions differ)';
    }
  }
  return null;
}
