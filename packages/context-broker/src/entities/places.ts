import type { GeoService } from '@zhicheng/geo';
import { isGeometry, representativePoint } from '../model/geometry.js';
import { LOCATION_IRI, type StoredEntity } from '../model/types.js';

/**
 * The admin division of an entity, from its location (geo's `locate`, deepest division
 * first), cached by position rounded to ~10 m so a fleet of fixed sensors costs one lookup each.
 */
export function createPlaces(geo: () => GeoService | undefined) {
  const cache = new Map<string, string | null>();
  const keyOf = (e: Pick<StoredEntity, 'attrs'>) => {
    const loc = e.attrs[LOCATION_IRI]?.value;
    if (!isGeometry(loc)) return null;
    const [lon, lat] = representativePoint(loc);
    return { key: `${lon.toFixed(4)},${lat.toFixed(4)}`, lon, lat };
  };
  return {
    /**
     * The division from the cache only: writes look it up inside their transaction, where
     * another query would wait on PGlite's single connection; `divisionOf` warms it before.
     */
    cached(e: Pick<StoredEntity, 'attrs'>): string | null | undefined {
      const k = keyOf(e);
      return k ? cache.get(k.key) : null;
    },

    async divisionOf(e: Pick<StoredEntity, 'attrs'>): Promise<string | null> {
      const k = keyOf(e);
      const g = geo();
      if (!g || !k) return null;
      const { key, lon, lat } = k;
      if (cache.has(key)) return cache.get(key)!;
      const found = await g.locate(lon, lat);
      const code = found[0]?.code ?? null;
      if (cache.size > 100_000) cache.clear();
      cache.set(key, code);
      return code;
    },
  };
}

export type Places = ReturnType<typeof createPlaces>;
