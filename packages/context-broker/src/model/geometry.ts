const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

export interface Geometry {
  type: string;
  coordinates: unknown;
}

const isPosition = (p: unknown): boolean =>
  Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
  (p[0] as number) >= -180 && (p[0] as number) <= 180 && (p[1] as number) >= -90 && (p[1] as number) <= 90;

const depthOk = (c: unknown, depth: number): boolean => {
  if (depth === 0) return isPosition(c);
  return Array.isArray(c) && c.length > 0 && c.every((x) => depthOk(x, depth - 1));
};

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/** A GeoJSON geometry NGSI-LD accepts (WGS84 positions, the right nesting). */
export function isGeometry(v: unknown): v is Geometry {
  if (!v || typeof v !== 'object') return false;
  const g = v as { type?: unknown; coordinates?: unknown };
  if (typeof g.type !== 'string' || !GEOMETRY_TYPES.has(g.type)) return false;
  if (!depthOk(g.coordinates, DEPTH[g.type]!)) return false;
  if (g.type === 'LineString' && (g.coordinates as unknown[]).length < 2) return false;
  if (g.type === 'Polygon') return (g.coordinates as number[][][]).every((ring) => ring.length >= 4);
  return true;
}

/** [minLon, minLat, maxLon, maxLat] of any geometry. */
export function geometryBbox(g: Geometry): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') {
      const [lon, lat] = x as number[];
      if (lon! < a) a = lon!;
      if (lat! < b) b = lat!;
      if (lon! > c) c = lon!;
      if (lat! > d) d = lat!;
    } else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(g.coordinates);
  return [a, b, c, d];
}

/** A representative [lon, lat]: the point itself, or the centre of the bounding box. */
export function representativePoint(g: Geometry): [number, number] {
  if (g.type === 'Point') return [(g.coordinates as number[])[0]!, (g.coordinates as number[])[1]!];
  const [a, b, c, d] = geometryBbox(g);
  return [(a + c) / 2, (b + d) / 2];
}
