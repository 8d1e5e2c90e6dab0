import type { StyleSpecification } from 'maplibre-gl';
import type { MapPalette } from './palette';

export const BACKGROUND_LAYER_ID = 'background';

/**
 * The offline base style: a plain background and nothing fetched from the network —
 * no tiles, no sprite, no glyphs. Layers add their own GeoJSON sources on top, and
 * text is drawn as HTML markers because glyph fonts cannot be fetched offline.
 */
export function baseStyle(palette: MapPalette): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: BACKGROUND_LAYER_ID, type: 'background', paint: { 'background-color': palette.background } }],
  };
}
