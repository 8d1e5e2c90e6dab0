import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapPalette } from './palette';

/**
 * One thematic layer of the console map (counties, stations, alarms, clusters…), each in
 * its own file under `map/layers/`. A layer owns its sources, style layers, markers and
 * event handlers, and removes all of them in `remove`.
 */
export interface MapLayer {
  readonly id: string;
  /** Called once the style has loaded. */
  addTo(map: MapLibreMap): void;
  /** Called when the theme changes. */
  setPalette(palette: MapPalette): void;
  remove(): void;
}
