import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { BoundaryCollection } from '../api/types';
import type { Theme } from '../theme/theme';
import { FIT_PADDING, createMap, relabelMap } from './create-map';
import type { MapTexts } from './create-map';
import { boundsOf, mainBoundsOf } from './geo-bounds';
import type { BBox } from './geo-bounds';
import { addBasemapTiles } from './layers/basemap-tiles';
import type { BasemapTiles } from './layers/basemap-tiles';
import { CountyLabels } from './layers/county-labels';
import { COUNTY_FILL_LAYER_ID, COUNTY_SOURCE_ID, CountyLayer } from './layers/county-layer';
import type { MapLayer } from './map-layer';
import { readPalette } from './palette';
import { WARM_UP_PIXEL_RATIO, addInStages } from './warm-up';
import type { WarmUpStage } from './warm-up';

export interface CountyMapProps {
  counties: BoundaryCollection;
  prefecture: BoundaryCollection | null;
  selectedCode: string | null;
  onSelect: (code: string) => void;
  theme: Theme;
  texts: MapTexts;
  describeCounty: (name: string) => string;
  /** Space kept free on the right for a panel over the map, in pixels. */
  rightInset: number;
  onError: () => void;
  /** Thematic layers drawn over the counties, owned (data, visibility) by the page. */
  overlays?: readonly MapLayer[];
  /** Whether the overlays have their first data: the map's warm-up waits for it, a little. */
  overlaysLoaded?: boolean;
  /** Called when the map first shows (it stays invisible while it warms up): hide the loading text. */
  onShown?: () => void;
  /** The city's raster tiles under the counties (settings), or none: nothing is fetched. */
  tiles?: BasemapTiles | null;
}

/** How long the warm-up waits for the overlays' first data before it shows the map without them. */
const OVERLAY_DATA_WAIT_MS = 2000;

type MapState = 'loading' | 'ready' | 'error';

interface Layers {
  counties: CountyLayer;
  labels: CountyLabels;
}

function countyBounds(counties: BoundaryCollection, code: string): BBox | null {
  return mainBoundsOf(counties.features.find((f) => f.properties.code === code)?.geometry ?? null);
}

/**
 * The prefecture map with its county base layer. It exposes its state on the container
 * (`data-map-state`, `data-county-features`) for the end-to-end tests and monitoring.
 */
export function CountyMap(props: CountyMapProps) {
  const { counties, prefecture, selectedCode, theme, texts, rightInset } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const layersRef = useRef<Layers | null>(null);
  // Map event handlers outlive renders: they read the latest callbacks through this ref.
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });
  // Resolves the warm-up's wait for the overlays' data (see `stages` below).
  const overlaysLoadedRef = useRef<() => void>(() => {});
  const overlaysLoaded = props.overlaysLoaded ?? true;
  useEffect(() => {
    if (overlaysLoaded) overlaysLoadedRef.current();
  }, [overlaysLoaded]);
  const [state, setState] = useState<MapState>('loading');
  const [renderedCounties, setRenderedCounties] = useState(0);
  const homeBounds = boundsOf((prefecture ?? counties).features.map((f) => f.geometry));

  /** The county the camera frames (null: the whole prefecture, where a new map starts). */
  const framedRef = useRef<string | null>(null);

  // Create the map once per data set; everything else is updated in place below. A layout effect:
  // the WebGL context is created in the task that adds the container, before that frame is drawn.
  // (In software WebGL, the GPU process takes ~100 ms per frame it draws, and creating a context
  // after a frame waits for it.)
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let map: MapLibreMap;
    try {
      map = createMap({
        container,
        bounds: homeBounds,
        palette: readPalette(),
        texts: propsRef.current.texts,
        pixelRatio: WARM_UP_PIXEL_RATIO,
      });
    } catch (error) {
      console.error('map init failed', error);
      setState('error');
      propsRef.current.onError();
      return;
    }
    mapRef.current = map;
    framedRef.current = null;
    // Hidden until it draws at full resolution; the modifier is the effect's, React only sets `county-map`.
    container.classList.add('county-map--warming');
    let warming = true;
    let cancelStages = () => {};
    const select = (code: string) => propsRef.current.onSelect(code);
    const palette = readPalette();
    const layers: Layers = {
      counties: new CountyLayer({ counties, prefecture, palette, onSelect: select }),
      labels: new CountyLabels({ counties, onSelect: select, describe: (name) => propsRef.current.describeCounty(name) }),
    };
    const overlays = propsRef.current.overlays ?? [];
    for (const overlay of overlays) overlay.setPalette(palette);
    // Shader programs compile while the map draws at a tiny size (warm-up.ts): the counties first,
    // then, once the overlays have data to draw (or after a while), the first overlay (both circle
    // programs of a clustered layer), then the other overlays.
    const overlayData = () =>
      new Promise<void>((resolve) => {
        if (propsRef.current.overlaysLoaded ?? true) return resolve();
        overlaysLoadedRef.current = resolve;
        window.setTimeout(resolve, OVERLAY_DATA_WAIT_MS);
      });
    const addOverlays = (group: readonly MapLayer[]) => () => {
      for (const overlay of group) overlay.addTo(map);
    };
    const stages: WarmUpStage[] = [
      () => layers.counties.addTo(map),
      overlayData,
      addOverlays(overlays.slice(0, 1)),
      addOverlays(overlays.slice(1)),
    ];
    map.on('load', () => {
      layersRef.current = layers;
      cancelStages = addInStages(map, stages, () => {
        warming = false;
        map.once('render', () => {
          container.classList.remove('county-map--warming');
          layers.labels.addTo(map);
          propsRef.current.onShown?.();
        });
        map.setPixelRatio(window.devicePixelRatio);
        map.triggerRepaint();
        map.once('idle', () => {
          const codes = new Set(map.querySourceFeatures(COUNTY_SOURCE_ID).map((f) => String(f.properties.code)));
          const rendered = new Set(map.queryRenderedFeatures({ layers: [COUNTY_FILL_LAYER_ID] }).map((f) => String(f.properties.code)));
          setRenderedCounties(Math.max(codes.size, rendered.size));
          setState('ready');
        });
      });
    });
    map.on('error', (event) => console.warn('map error', event.error));
    // A window resized (a laptop docked to a wall screen): keep the whole prefecture in view,
    // drawn at the new screen's pixel ratio.
    map.on('resize', () => {
      if (!warming && map.getPixelRatio() !== window.devicePixelRatio) map.setPixelRatio(window.devicePixelRatio);
      if (propsRef.current.selectedCode === null && homeBounds) map.fitBounds(homeBounds, { padding: FIT_PADDING, duration: 0 });
    });
    return () => {
      cancelStages();
      for (const overlay of overlays) overlay.remove();
      layers.labels.remove();
      layers.counties.remove();
      layersRef.current = null;
      mapRef.current = null;
      map.remove();
      container.classList.remove('county-map--warming');
    };
    // homeBounds derives from counties and prefecture, so they are the real dependencies.
  }, [counties, prefecture]);

  // Selection: highlight, then zoom to the county, or back to the whole prefecture.
  useEffect(() => {
    const map = mapRef.current;
    const layers = layersRef.current;
    if (!map || !layers || state !== 'ready') return;
    layers.counties.setSelected(selectedCode);
    layers.labels.setSelected(selectedCode);
    // Not when the map becomes ready: it already shows the prefecture, and a 600 ms ease to where
    // it is would only redraw it, frame after frame.
    if (framedRef.current === selectedCode) return;
    framedRef.current = selectedCode;
    const target = selectedCode ? countyBounds(counties, selectedCode) : homeBounds;
    if (target) {
      map.fitBounds(target, {
        padding: { top: FIT_PADDING, bottom: FIT_PADDING, left: FIT_PADDING, right: FIT_PADDING + rightInset },
        duration: 600,
        maxZoom: 10,
      });
    }
    // homeBounds and rightInset follow the data and the selection listed here.
  }, [selectedCode, state, counties]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || state !== 'ready') return;
    const palette = readPalette();
    map.setPaintProperty('background', 'background-color', palette.background);
    layersRef.current?.counties.setPalette(palette);
    for (const overlay of propsRef.current.overlays ?? []) overlay.setPalette(palette);
  }, [theme, state]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    relabelMap(map, texts);
    layersRef.current?.labels.relabel((name) => propsRef.current.describeCounty(name));
  }, [texts]);

  // The optional tiles, added once the style is loaded (the settings may answer after the map exists).
  const tileUrl = props.tiles?.url ?? null;
  const tileAttribution = props.tiles?.attribution ?? null;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !tileUrl) return;
    let remove: (() => void) | null = null;
    const add = () => {
      remove = addBasemapTiles(map, { url: tileUrl, attribution: tileAttribution });
    };
    if (map.isStyleLoaded()) add();
    else map.once('load', add);
    return () => {
      map.off('load', add);
      if (mapRef.current === map) remove?.();
    };
  }, [tileUrl, tileAttribution, counties, prefecture]);

  return (
    <div
      ref={containerRef}
      className="county-map"
      data-testid="county-map"
      data-map-state={state}
      data-county-features={renderedCounties}
    />
  );
}
