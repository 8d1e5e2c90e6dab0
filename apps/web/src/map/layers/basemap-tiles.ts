import maplibregl from 'maplibre-gl';
import type { IControl, Map as MapLibreMap } from 'maplibre-gl';
import { BACKGROUND_LAYER_ID } from '../base-style';
import { COUNTY_FILL_LAYER_ID } from './county-layer';

/** A city's own raster tiles (ZC_MAP_TILE_URL, e.g. Tianditu) under the county layers. */
export interface BasemapTiles {
  url: string;
  attribution: string | null;
}

export const BASEMAP_SOURCE_ID = 'basemap-tiles';
export const BASEMAP_LAYER_ID = 'basemap-tiles';
/** How opaque the county fill is over the tiles. */
const COUNTY_FILL_OVER_TILES = 0.35;

/**
 * Puts the tiles right above the background, below everything else, with their attribution;
 * without a tile URL the map fetches nothing (the county boundaries are the base).
 * Returns the function that takes them away again.
 */
export function addBasemapTiles(map: MapLibreMap, tiles: BasemapTiles): () => void {
  map.addSource(BASEMAP_SOURCE_ID, { type: 'raster', tiles: [tiles.url], tileSize: 256, ...(tiles.attribution ? { attribution: tiles.attribution } : {}) });
  const layers = map.getStyle().layers ?? [];
  const above = layers.findIndex((l) => l.id === BACKGROUND_LAYER_ID);
  const beforeId = layers[above + 1]?.id;
  map.addLayer({ id: BASEMAP_LAYER_ID, type: 'raster', source: BASEMAP_SOURCE_ID, paint: { 'raster-opacity': 0.85 } }, beforeId);
  // The counties' fill lets the tiles show through (it is opaque on the plain base).
  const dim = () => {
    if (map.getLayer(COUNTY_FILL_LAYER_ID) && map.getPaintProperty(COUNTY_FILL_LAYER_ID, 'fill-opacity') !== COUNTY_FILL_OVER_TILES) {
      map.setPaintProperty(COUNTY_FILL_LAYER_ID, 'fill-opacity', COUNTY_FILL_OVER_TILES);
    }
  };
  dim();
  map.on('styledata', dim);
  let control: IControl | null = null;
  if (tiles.attribution) {
    control = new maplibregl.AttributionControl({ compact: true });
    map.addControl(control, 'bottom-right');
  }
  return () => {
    map.off('styledata', dim);
    if (map.getLayer(COUNTY_FILL_LAYER_ID)) map.setPaintProperty(COUNTY_FILL_LAYER_ID, 'fill-opacity', 1);
    if (control) map.removeControl(control);
    if (map.getLayer(BASEMAP_LAYER_ID)) map.removeLayer(BASEMAP_LAYER_ID);
    if (map.getSource(BASEMAP_SOURCE_ID)) map.removeSource(BASEMAP_SOURCE_ID);
  };
}
