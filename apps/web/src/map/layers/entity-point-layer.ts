import type { GeoJSONSource, MapLayerMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
import type { MapLayer } from '../map-layer';
import type { MapPalette } from '../palette';

/** One class of a thematic layer's legend: a colour and its i18n label key. */
export interface LegendClass {
  key: string;
  color: string;
  labelKey: string;
}

/** A point of a thematic layer: where, what, and which legend class it falls in. */
export interface PointFeatureInput {
  id: string;
  lon: number;
  lat: number;
  divisionCode: string | null;
  attributes: Record<string, unknown>;
}

export const NO_DATA_COLOR = '#8a8f98';
const CLUSTER_COLOR = '#4c8dff';

export interface PointLayerDefinition {
  /** Unique; also the i18n key `overview.layers.<id>`. */
  id: string;
  /** The NGSI-LD entity type the layer shows (`alarms` for the alarm layer). */
  entityType: string;
  legend: readonly LegendClass[];
  /** The legend class of one point, from its current attributes. */
  classify(attributes: Record<string, unknown>): string;
  /** The attributes shown first in the point's panel. */
  keyAttributes: readonly string[];
  cluster: boolean;
  radius: number;
}

type Features = GeoJSON.FeatureCollection<GeoJSON.Point>;

/**
 * A GeoJSON source drawn as WebGL circles (clustered where dense), coloured by legend class.
 * No symbol text: the console works offline, without glyphs. Subclasses only define the
 * entity type, the legend and the classification.
 */
export abstract class EntityPointLayer implements MapLayer {
  readonly id: string;
  private map: MapLibreMap | null = null;
  private data: Features = { type: 'FeatureCollection', features: [] };
  /** What the drawn data shows (ids, places, legend colours), to skip updates that would draw the same. */
  private drawn = '';
  private visible = true;
  private palette: MapPalette | null = null;
  onPick: (id: string) => void = () => {};

  protected constructor(readonly definition: PointLayerDefinition) {
    this.id = definition.id;
  }

  private get sourceId() {
    return `points-${this.id}`;
  }
  get pointLayerId() {
    return `points-${this.id}-circle`;
  }
  private get clusterLayerId() {
    return `points-${this.id}-cluster`;
  }

  colorOf(attributes: Record<string, unknown>): string {
    const key = this.definition.classify(attributes);
    return this.definition.legend.find((c) => c.key === key)?.color ?? NO_DATA_COLOR;
  }

  /**
   * Replaces the layer's points. Most live updates change values, not what the map shows (a
   * station's AQI moves within its category): those are not sent to the map, as every `setData`
   * makes maplibre re-tile the source and redraw the whole map, costly in software WebGL.
   */
  setPoints(points: readonly PointFeatureInput[]): void {
    const features = points.map((p): GeoJSON.Feature<GeoJSON.Point> => ({
      type: 'Feature',
      id: p.id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, color: this.colorOf(p.attributes), division: p.divisionCode ?? '' },
    }));
    const drawn = features
      .map((f) => `${f.id ?? ''} ${f.geometry.coordinates.join(' ')} ${String(f.properties?.color)} ${String(f.properties?.division)}`)
      .join('\n');
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    this.data = { type: 'FeatureCollection', features };
    const source = this.map?.getSource(this.sourceId) as GeoJSONSource | undefined;
    source?.setData(this.data);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    const map = this.map;
    if (!map) return;
    for (const layer of [this.pointLayerId, this.clusterLayerId]) {
      if (map.getLayer(layer)) map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
    }
  }

  addTo(map: MapLibreMap): void {
    this.map = map;
    const { cluster, radius } = this.definition;
    const stroke = this.palette?.background ?? '#ffffff';
    const visibility = this.visible ? 'visible' : 'none';
    map.addSource(this.sourceId, {
      type: 'geojson',
      data: this.data,
      ...(cluster ? { cluster: true, clusterRadius: 36, clusterMaxZoom: 9 } : {}),
    });
    if (cluster) {
      map.addLayer({
        id: this.clusterLayerId,
        type: 'circle',
        source: this.sourceId,
        filter: ['has', 'point_count'],
        layout: { visibility },
        paint: {
          'circle-color': this.definition.id === 'alarms' ? '#d93025' : CLUSTER_COLOR,
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], radius + 4, 10, radius + 8, 50, radius + 12],
          'circle-stroke-color': stroke,
          'circle-stroke-width': 2,
        },
      });
    }
    map.addLayer({
      id: this.pointLayerId,
      type: 'circle',
      source: this.sourceId,
      ...(cluster ? { filter: ['!', ['has', 'point_count']] } : {}),
      layout: { visibility },
      paint: {
        'circle-color': ['get', 'color'],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, radius, 12, radius * 2],
        'circle-stroke-color': stroke,
        'circle-stroke-width': 1.5,
      },
    });
    map.on('click', this.pointLayerId, this.onClick);
    map.on('mouseenter', this.pointLayerId, this.onEnter);
    map.on('mouseleave', this.pointLayerId, this.onLeave);
    if (cluster) {
      map.on('click', this.clusterLayerId, this.onClusterClick);
      map.on('mouseenter', this.clusterLayerId, this.onEnter);
      map.on('mouseleave', this.clusterLayerId, this.onLeave);
    }
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    const map = this.map;
    if (!map) return;
    for (const layer of [this.pointLayerId, this.clusterLayerId]) {
      if (map.getLayer(layer)) map.setPaintProperty(layer, 'circle-stroke-color', palette.background);
    }
  }

  remove(): void {
    const map = this.map;
    if (!map) return;
    map.off('click', this.pointLayerId, this.onClick);
    map.off('mouseenter', this.pointLayerId, this.onEnter);
    map.off('mouseleave', this.pointLayerId, this.onLeave);
    map.off('click', this.clusterLayerId, this.onClusterClick);
    map.off('mouseenter', this.clusterLayerId, this.onEnter);
    map.off('mouseleave', this.clusterLayerId, this.onLeave);
    for (const layer of [this.pointLayerId, this.clusterLayerId]) if (map.getLayer(layer)) map.removeLayer(layer);
    if (map.getSource(this.sourceId)) map.removeSource(this.sourceId);
    this.map = null;
  }

  private readonly onClick = (event: MapLayerMouseEvent): void => {
    const id: unknown = event.features?.[0]?.properties?.id;
    if (typeof id === 'string') {
      event.preventDefault();
      this.onPick(id);
    }
  };

  private readonly onClusterClick = (event: MapLayerMouseEvent): void => {
    const feature = event.features?.[0];
    const map = this.map;
    if (!feature || !map) return;
    event.preventDefault();
    const clusterId = Number(feature.properties?.cluster_id);
    const source = map.getSource(this.sourceId) as GeoJSONSource | undefined;
    void source?.getClusterExpansionZoom(clusterId).then((zoom) => {
      const [lon, lat] = (feature.geometry as GeoJSON.Point).coordinates;
      map.easeTo({ center: [lon ?? 0, lat ?? 0], zoom });
    });
  };

  private readonly onEnter = (): void => {
    if (this.map) this.map.getCanvas().style.cursor = 'pointer';
  };

  private readonly onLeave = (): void => {
    if (this.map) this.map.getCanvas().style.cursor = '';
  };
}

export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
