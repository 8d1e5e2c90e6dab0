import type { ExpressionSpecification, MapLayerMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import type { BoundaryCollection } from '../../api/types';
import type { MapLayer } from '../map-layer';
import type { MapPalette } from '../palette';

export const COUNTY_SOURCE_ID = 'counties';
export const PREFECTURE_SOURCE_ID = 'prefecture';
export const COUNTY_FILL_LAYER_ID = 'county-fill';
const COUNTY_LINE_LAYER_ID = 'county-line';
const COUNTY_SELECTED_LINE_LAYER_ID = 'county-selected-line';
const PREFECTURE_LINE_LAYER_ID = 'prefecture-line';

export interface CountyLayerOptions {
  counties: BoundaryCollection;
  prefecture: BoundaryCollection | null;
  palette: MapPalette;
  onSelect: (code: string) => void;
}

function fillColor(palette: MapPalette): ExpressionSpecification {
  return [
    'case',
    ['boolean', ['feature-state', 'selected'], false],
    palette.countyFillSelected,
    ['boolean', ['feature-state', 'hover'], false],
    palette.countyFillHover,
    palette.countyFill,
  ];
}

function selectedFilter(code: string | null): ExpressionSpecification {
  return ['==', ['get', 'code'], code ?? ''];
}

/** The base layer: county polygons (fill, outline, hover, selection) and the prefecture outline. */
export class CountyLayer implements MapLayer {
  readonly id = 'counties';
  private map: MapLibreMap | null = null;
  private hovered: string | null = null;
  private selected: string | null = null;
  private readonly options: CountyLayerOptions;

  constructor(options: CountyLayerOptions) {
    this.options = options;
  }

  addTo(map: MapLibreMap): void {
    this.map = map;
    const { counties, prefecture, palette } = this.options;
    map.addSource(COUNTY_SOURCE_ID, { type: 'geojson', data: counties, promoteId: 'code' });
    map.addLayer({
      id: COUNTY_FILL_LAYER_ID,
      type: 'fill',
      source: COUNTY_SOURCE_ID,
      paint: { 'fill-color': fillColor(palette), 'fill-opacity': 1 },
    });
    map.addLayer({
      id: COUNTY_LINE_LAYER_ID,
      type: 'line',
      source: COUNTY_SOURCE_ID,
      paint: { 'line-color': palette.countyLine, 'line-width': 1 },
    });
    map.addLayer({
      id: COUNTY_SELECTED_LINE_LAYER_ID,
      type: 'line',
      source: COUNTY_SOURCE_ID,
      filter: selectedFilter(this.selected),
      paint: { 'line-color': palette.countySelectedLine, 'line-width': 3 },
    });
    if (prefecture) {
      map.addSource(PREFECTURE_SOURCE_ID, { type: 'geojson', data: prefecture });
      map.addLayer({
        id: PREFECTURE_LINE_LAYER_ID,
        type: 'line',
        source: PREFECTURE_SOURCE_ID,
        paint: { 'line-color': palette.prefectureLine, 'line-width': 2.5 },
      });
    }
    map.on('mousemove', COUNTY_FILL_LAYER_ID, this.onMove);
    map.on('mouseleave', COUNTY_FILL_LAYER_ID, this.onLeave);
    map.on('click', COUNTY_FILL_LAYER_ID, this.onClick);
  }

  setPalette(palette: MapPalette): void {
    const map = this.map;
    if (!map) return;
    map.setPaintProperty(COUNTY_FILL_LAYER_ID, 'fill-color', fillColor(palette));
    map.setPaintProperty(COUNTY_LINE_LAYER_ID, 'line-color', palette.countyLine);
    map.setPaintProperty(COUNTY_SELECTED_LINE_LAYER_ID, 'line-color', palette.countySelectedLine);
    if (map.getLayer(PREFECTURE_LINE_LAYER_ID)) map.setPaintProperty(PREFECTURE_LINE_LAYER_ID, 'line-color', palette.prefectureLine);
  }

  setSelected(code: string | null): void {
    const map = this.map;
    if (this.selected === code) return;
    if (map && this.selected) map.setFeatureState({ source: COUNTY_SOURCE_ID, id: this.selected }, { selected: false });
    this.selected = code;
    if (!map) return;
    if (code) map.setFeatureState({ source: COUNTY_SOURCE_ID, id: code }, { selected: true });
    map.setFilter(COUNTY_SELECTED_LINE_LAYER_ID, selectedFilter(code));
  }

  remove(): void {
    const map = this.map;
    if (!map) return;
    map.off('mousemove', COUNTY_FILL_LAYER_ID, this.onMove);
    map.off('mouseleave', COUNTY_FILL_LAYER_ID, this.onLeave);
    map.off('click', COUNTY_FILL_LAYER_ID, this.onClick);
    for (const layer of [PREFECTURE_LINE_LAYER_ID, COUNTY_SELECTED_LINE_LAYER_ID, COUNTY_LINE_LAYER_ID, COUNTY_FILL_LAYER_ID]) {
      if (map.getLayer(layer)) map.removeLayer(layer);
    }
    for (const source of [PREFECTURE_SOURCE_ID, COUNTY_SOURCE_ID]) if (map.getSource(source)) map.removeSource(source);
    this.map = null;
  }

  private setHovered(code: string | null): void {
    const map = this.map;
    if (!map || this.hovered === code) return;
    if (this.hovered) map.setFeatureState({ source: COUNTY_SOURCE_ID, id: this.hovered }, { hover: false });
    this.hovered = code;
    if (code) map.setFeatureState({ source: COUNTY_SOURCE_ID, id: code }, { hover: true });
    map.getCanvas().style.cursor = code ? 'pointer' : '';
  }

  private readonly onMove = (event: MapLayerMouseEvent): void => {
    this.setHovered(codeOf(event));
  };

  private readonly onLeave = (): void => {
    this.setHovered(null);
  };

  private readonly onClick = (event: MapLayerMouseEvent): void => {
    // A click on a point drawn over the county belongs to that point's layer.
    const top = this.map?.queryRenderedFeatures(event.point)[0];
    if (top && top.layer.type === 'circle') return;
    const code = codeOf(event);
    if (code) this.options.onSelect(code);
  };
}

function codeOf(event: MapLayerMouseEvent): string | null {
  const code: unknown = event.features?.[0]?.properties?.code;
  return typeof code === 'string' ? code : null;
}
