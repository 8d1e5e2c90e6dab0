import booleanContains from '@turf/boolean-contains';
import booleanDisjoint from '@turf/boolean-disjoint';
import booleanEqual from '@turf/boolean-equal';
import booleanIntersects from '@turf/boolean-intersects';
import booleanOverlap from '@turf/boolean-overlap';
import booleanWithin from '@turf/boolean-within';
import distance from '@turf/distance';
import type { Feature, Geometry as GjGeometry } from 'geojson';
import { badData } from '../errors.js';
import { geometryBbox, isGeometry, type Geometry } from '../model/geometry.js';

export type GeoRel = 'near' | 'within' | 'contains' | 'intersects' | 'equals' | 'disjoint' | 'overlaps';

export interface GeoQuery {
  georel: GeoRel;
  maxDistance?: number;
  minDistance?: number;
  geometry: Geometry;
  /** Raw attribute name as given (expanded by the caller); default `location`. */
  geoproperty: string;
}

const RELS = new Set(['near', 'within', 'contains', 'intersects', 'equals', 'disjoint', 'overlaps']);

/** Parses georel / geometry / coordinates (JSON text or array) / geoproperty into a checked query. */
export function parseGeoQuery(q: { georel?: unknown; geometry?: unknown; coordinates?: unknown; geoproperty?: unknown }): GeoQuery | null {
  if (q.georel === undefined && q.geometry === undefined && q.coordinates === undefined) return null;
  if (typeof q.georel !== 'string' || typeof q.geometry !== 'string' || q.coordinates === undefined) {
    throw badData('A geo-query needs georel, geometry and coordinates together.');
  }
  const [rel, ...mods] = q.georel.split(';');
  if (!RELS.has(rel!)) throw badData(`Unknown georel ${rel}.`);
  const out: GeoQuery = { georel: rel as GeoRel, geometry: { type: q.geometry, coordinates: null }, geoproperty: typeof q.geoproperty === 'string' && q.geoproperty ? q.geoproperty : 'location' };
  for (const m of mods) {
    const mm = /^(maxDistance|minDistance)==(\d+(\.\d+)?)$/.exec(m);
    if (!mm) throw badData(`Invalid georel modifier ${m}.`);
    out[mm[1] as 'maxDistance' | 'minDistance'] = Number(mm[2]);
  }
  if (out.georel === 'near' && out.maxDistance === undefined && out.minDistance === undefined) throw badData('near needs maxDistance or minDistance.');
  let coords: unknown = q.coordinates;
  if (typeof coords === 'string') {
    try {
      coords = JSON.parse(coords);
    } catch {
      throw badData('coordinates must be a JSON array.');
    }
  }
  out.geometry = { type: q.geometry, coordinates: coords };
  if (!isGeometry(out.geometry)) throw badData(`coordinates are not a valid ${q.geometry}.`);
  if (out.georel === 'near' && out.geometry.type !== 'Point') throw badData('near needs a Point.');
  return out;
}

const M_PER_DEG_LAT = 111_320;

/**
 * A box that every match must touch (for the gist pre-filter), or null when the relation
 * cannot be narrowed by a box (disjoint, minDistance).
 */
export function prefilterBox(g: GeoQuery): [number, number, number, number] | null {
  if (g.georel === 'disjoint' || (g.georel === 'near' && g.maxDistance === undefined)) return null;
  const [a, b, c, d] = geometryBbox(g.geometry);
  if (g.georel === 'near') {
    const dLat = g.maxDistance! / M_PER_DEG_LAT;
    const cos = Math.max(0.01, Math.cos((Math.max(Math.abs(b), Math.abs(d)) * Math.PI) / 180));
    const dLon = dLat / cos;
    return [a - dLon, b - dLat, c + dLon, d + dLat];
  }
  return [a, b, c, d];
}

const feature = (g: Geometry): Feature<GjGeometry> => ({ type: 'Feature', properties: {}, geometry: g as unknown as GjGeometry });

function distanceMeters(point: number[], g: Geometry): number {
  // Distance to the nearest vertex: exact for Points (the common case), an upper bound otherwise.
  let best = Infinity;
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') best = Math.min(best, distance(point, x as number[], { units: 'meters' }));
    else if (Array.isArray(x)) x.forEach(walk);
  };
  walk(g.coordinates);
  return best;
}

/** The exact test, in process with turf, on the entity's geometry. */
export function geoMatches(g: GeoQuery, target: Geometry): boolean {
  try {
    const q = feature(g.geometry);
    const t = feature(target);
    switch (g.georel) {
      case 'near': {
        const d = distanceMeters(g.geometry.coordinates as number[], target);
        return (g.maxDistance === undefined || d <= g.maxDistance) && (g.minDistance === undefined || d >= g.minDistance);
      }
      case 'within':
        return booleanWithin(t, q);
      case 'contains':
        return booleanContains(t, q);
      case 'intersects':
        return booleanIntersects(t, q);
      case 'equals':
        return booleanEqual(t, q);
      case 'disjoint':
        return booleanDisjoint(t, q);
      case 'overlaps':
        return target.type === g.geometry.type ? booleanOverlap(t, q) : false;
    }
  } catch {
    // turf throws for unsupported geometry pairs: they do not match.
    return false;
  }
}
