import maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { baseStyle } from './base-style';
import type { BBox } from './geo-bounds';
import type { MapPalette } from './palette';
import './map.css';

export interface MapTexts {
  title: string;
  zoomIn: string;
  zoomOut: string;
}

export interface CreateMapOptions {
  container: HTMLElement;
  bounds: BBox | null;
  palette: MapPalette;
  texts: MapTexts;
  /** The drawing buffer's pixels per CSS pixel; `devicePixelRatio` when absent. */
  pixelRatio?: number;
}

export const FIT_PADDING = 40;

/**
 * A flat, north-up map on the offline base style. Rotation and pitch are off: this is an
 * administrative map, and a tilted big screen only confuses.
 */
export function createMap({ container, bounds, palette, texts, pixelRatio }: CreateMapOptions): MapLibreMap {
  const map = new maplibregl.Map({
    container,
    style: baseStyle(palette),
    ...(bounds ? { bounds, fitBoundsOptions: { padding: FIT_PADDING } } : { center: [102.27, 27.9], zoom: 6.5 }),
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    maxPitch: 0,
    renderWorldCopies: false,
    ...(pixelRatio ? { pixelRatio } : {}),
    locale: {
      'Map.Title': texts.title,
      'NavigationControl.ZoomIn': texts.zoomIn,
      'NavigationControl.ZoomOut': texts.zoomOut,
    },
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  return map;
}

/** maplibre reads its UI strings once; a language switch rewrites them in place. */
export function relabelMap(map: MapLibreMap, texts: MapTexts): void {
  map.getCanvas().setAttribute('aria-label', texts.title);
  const container = map.getContainer();
  const set = (selector: string, label: string) => {
    const button = container.querySelector(selector);
    if (!button) return;
    button.setAttribute('aria-label', label);
    button.setAttribute('title', label);
  };
  set('.maplibregl-ctrl-zoom-in', texts.zoomIn);
  set('.maplibregl-ctrl-zoom-out', texts.zoomOut);
}
