import type { CountyShape } from './fleet-types.js';

interface FeatureLike {
  properties: Record<string, unknown> | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

/** County shapes from a boundary FeatureCollection: the platform's API (`code`) or the bundled files (`adcode`). */
export function countyShapesFrom(fc: { features: FeatureLike[] }): CountyShape[] {
  return fc.features.map((f) => {
    const p = f.properties ?? {};
    const code = String(p.code ?? p.adcode);
    const center = p.center as [number, number] | undefined;
    if (!center) throw new Error(`county ${code} has no center`);
    return { code, name: String(p.name ?? code), center, geometry: f.geometry };
  });
}
