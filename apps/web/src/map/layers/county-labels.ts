import maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import type { BoundaryCollection } from '../../api/types';
import type { MapLayer } from '../map-layer';

export interface CountyLabelsOptions {
  counties: BoundaryCollection;
  onSelect: (code: string) => void;
  /** Accessible name of a label button, e.g. "查看西昌市". */
  describe: (name: string) => string;
}

/**
 * County names as HTML markers at each county's `center`. Symbol layers would need glyph
 * fonts, which cannot be fetched on a closed network; HTML text uses the system's fonts
 * and, as buttons, makes the map usable from the keyboard.
 */
export class CountyLabels implements MapLayer {
  readonly id = 'county-labels';
  private readonly markers = new Map<string, Marker>();
  private readonly options: CountyLabelsOptions;

  constructor(options: CountyLabelsOptions) {
    this.options = options;
  }

  addTo(map: MapLibreMap): void {
    for (const feature of this.options.counties.features) {
      const { code, name, center } = feature.properties;
      if (!Array.isArray(center) || center.length < 2) continue;
      const element = document.createElement('button');
      element.type = 'button';
      element.className = 'county-label';
      element.textContent = name;
      element.dataset.code = code;
      element.setAttribute('aria-label', this.options.describe(name));
      element.setAttribute('aria-pressed', 'false');
      // Keep the map's own click and drag handlers away from the label.
      for (const type of ['click', 'mousedown', 'dblclick', 'touchstart'] as const) {
        element.addEventListener(type, (event) => event.stopPropagation());
      }
      element.addEventListener('click', () => this.options.onSelect(code));
      const marker = new maplibregl.Marker({ element, anchor: 'center' }).setLngLat([center[0], center[1]]).addTo(map);
      this.markers.set(code, marker);
    }
  }

  setPalette(): void {
    // Labels are styled by CSS variables and follow the theme by themselves.
  }

  setSelected(code: string | null): void {
    for (const [markerCode, marker] of this.markers) {
      const element = marker.getElement();
      const selected = markerCode === code;
      element.setAttribute('aria-pressed', String(selected));
      element.classList.toggle('county-label--selected', selected);
    }
  }

  /** Re-labels the buttons after a language change. */
  relabel(describe: (name: string) => string): void {
    for (const marker of this.markers.values()) {
      const element = marker.getElement();
      element.setAttribute('aria-label', describe(element.textContent ?? ''));
    }
  }

  remove(): void {
    for (const marker of this.markers.values()) marker.remove();
    this.markers.clear();
  }
}
