import type { Geometry, Position } from 'geojson';

/** [west, south, east, north] */
export type BBox = [number, number, number, number];

function visit(position: Position, box: BBox): void {
  const [lon, lat] = position;
  if (lon === undefined || lat === undefined) return;
  if (lon < box[0]) box[0] = lon;
  if (lat < box[1]) box[1] = lat;
  if (lon > box[2]) box[2] = lon;
  if (lat > box[3]) box[3] = lat;
}

function walk(geometry: Geometry, box: BBox): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates, box);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach((p) => visit(p, box));
      break;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((ring) => ring.forEach((p) => visit(p, box)));
      break;
    case 'MultiPolygon':
      geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach((p) => visit(p, box))));
      break;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => walk(g, box));
      break;
  }
}

/** The bounding box of some geometries, or null when they hold no coordinates. */
export function boundsOf(geometries: Iterable<Geometry | null>): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const geometry of geometries) if (geometry) walk(geometry, box);
  return Number.isFinite(box[0]) ? box : null;
}

function area(box: BBox): number {
  return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
}

/**
 * The bounds of a county's main body: parts of a MultiPolygon smaller than 5 % of the
 * largest (slivers and tiny exclaves in the source data) do not pull the zoom out.
 */
export function mainBoundsOf(geometry: Geometry | null): BBox | null {
  if (!geometry || geometry.type !== 'MultiPolygon') return boundsOf([geometry]);
  const parts = geometry.coordinates
    .map((coordinates) => boundsOf([{ type: 'Polygon', coordinates }]))
    .filter((box): box is BBox => box !== null);
  const largest = Math.max(0, ...parts.map(area));
  return boundsOf(
    parts.filter((box) => area(box) >= largest * 0.05).map((box) => ({ type: 'LineString', coordinates: [[box[0], box[1]], [box[2], box[3]]] })),
  );
}
