import type { ExpressionSpecification, GeoJSONSource, MapLayerMouseEvent, Map as MapLibreMap } from 'maplibre-gl';
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
/**
 * Layers with more points than this are clustered (in maplibre's worker, per zoom level): a
 * few hundred circles draw smoothly in software WebGL, tens of thousands do not.
 */
export const CLUSTER_ABOVE = 1500;

export interface PointLayerDefinition {
  /** Unique; also the i18n key `overview.layers.<id>`. */
  id: string;
  /** The NGSI-LD entity type the layer shows (`alarms` for the alarm layer). */
  entityType: string;
  legend: readonly LegendClass[];
  /** The legend class of one point, from its current attributes. */
  classify(attributes: Record<string, unknown>): string;
  /** The attributes `classify` reads (and the panel lists need): what the map loads of each entity. */
  valueAttributes: readonly string[];
  /** The legend lists the worst class first (alarms); otherwise last before "no data". */
  worstFirst?: boolean;
  /** The attributes shown first in the point's panel. */
  keyAttributes: readonly string[];
  /** Cluster always (alarms stack on their sources); otherwise only above CLUSTER_ABOVE points. */
  cluster: boolean;
  /** Shown when the overview opens (dense infrastructure layers start switched off). Default true. */
  defaultVisible?: boolean;
  radius: number;
}

type Features = GeoJSON.FeatureCollection<GeoJSON.Point>;

/**
 * A GeoJSON source drawn as WebGL circles, coloured by legend class, clustered when the layer
 * is dense; a cluster takes the colour of the worst class among its points, so a fault among
 * a thousand lights still shows at the prefecture's zoom. No symbol text: the console works
 * offline, without glyphs. Subclasses only define the entity type, the legend and the classification.
 */
export abstract class EntityPointLayer implements MapLayer {
  readonly id: string;
  private map: MapLibreMap | null = null;
  private data: Features = { type: 'FeatureCollection', features: [] };
  /** Whether the source on the map clusters (decided by the number of points). */
  private clustered: boolean;
  private visible: boolean;
  /** Points set while hidden, not yet handed to the map (a hidden source costs nothing to keep). */
  private stale = false;
  private palette: MapPalette | null = null;
  onPick: (id: string) => void = () => {};

  /** The legend's classes with data, mildest first (a class's index is its rank). */
  private readonly mildestFirst: readonly LegendClass[];
  private readonly colorByClass: ReadonlyMap<string, string>;
  private readonly rankByClass: ReadonlyMap<string, number>;

  protected constructor(readonly definition: PointLayerDefinition) {
    this.id = definition.id;
    const classes = definition.legend.filter((c) => c.key !== 'none');
    this.mildestFirst = definition.worstFirst ? [...classes].reverse() : classes;
    this.colorByClass = new Map(definition.legend.map((c) => [c.key, c.color]));
    this.rankByClass = new Map(this.mildestFirst.map((c, i) => [c.key, i]));
    this.clustered = definition.cluster;
    this.visible = definition.defaultVisible !== false;
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
    return this.colorByClass.get(this.definition.classify(attributes)) ?? NO_DATA_COLOR;
  }

  /** How bad a legend class is: 0 the mildest; -1 for no data and unknown classes. */
  rankOf(attributes: Record<string, unknown>): number {
    return this.rankByClass.get(this.definition.classify(attributes)) ?? -1;
  }

  /** A cluster's colour: the legend colour of its worst class (grey when none has data). */
  private clusterColor(): ExpressionSpecification {
    return ['match', ['get', 'rank'], ...this.mildestFirst.flatMap((c, i) => [i, c.color]), NO_DATA_COLOR] as unknown as ExpressionSpecification;
  }

  /** What the map draws of a point: its colour and rank from one classification. */
  private propertiesOf(p: PointFeatureInput): GeoJSON.GeoJsonProperties {
    const key = this.definition.classify(p.attributes);
    return { id: p.id, color: this.colorByClass.get(key) ?? NO_DATA_COLOR, rank: this.rankByClass.get(key) ?? -1, division: p.divisionCode ?? '' };
  }

  /**
   * Replaces the layer's points. The caller sends only changes the map shows (a new point, a
   * move, another legend class): every `setData` makes maplibre re-index the source and redraw
   * the whole map, costly in software WebGL.
   */
  setPoints(points: readonly PointFeatureInput[]): void {
    const features = points.map((p): GeoJSON.Feature<GeoJSON.Point> => ({
      type: 'Feature',
      id: p.id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: this.propertiesOf(p),
    }));
    this.data = { type: 'FeatureCollection', features };
    this.stale = !this.visible;
    if (this.stale) return;
    this.draw();
  }

  private draw(): void {
    const clustered = this.definition.cluster || this.data.features.length > CLUSTER_ABOVE;
    const map = this.map;
    if (map && clustered !== this.clustered) {
      // Clustering is an option of the source: draw it anew, at the same place in the paint order.
      const order = map.getStyle().layers.map((l) => l.id);
      const ours = new Set([this.pointLayerId, this.clusterLayerId]);
      const last = Math.max(...[...ours].map((id) => order.indexOf(id)));
      const beforeId = order.slice(last + 1).find((id) => !ours.has(id));
      this.remove();
      this.clustered = clustered;
      this.addTo(map, beforeId);
      return;
    }
    this.clustered = clustered;
    const source = map?.getSource(this.sourceId) as GeoJSONSource | undefined;
    source?.setData(this.data);
  }

  /** Whether the layer is drawn clustered now (for tests and the legend). */
  get isClustered(): boolean {
    return this.clustered;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    const map = this.map;
    if (!map) return;
    if (visible && this.stale) {
      this.stale = false;
      this.draw();
    }
    for (const layer of [this.pointLayerId, this.clusterLayerId]) {
      if (map.getLayer(layer)) map.setLayoutProperty(layer, 'visibility', visible ? 'visible' : 'none');
    }
  }

  addTo(map: MapLibreMap, beforeId?: string): void {
    this.map = map;
    const cluster = this.clustered;
    const { radius } = this.definition;
    const stroke = this.palette?.background ?? '#ffffff';
    const visibility = this.visible ? 'visible' : 'none';
    map.addSource(this.sourceId, {
      type: 'geojson',
      data: this.data,
      ...(cluster
        ? { cluster: true, clusterRadius: 36, clusterMaxZoom: 11, clusterProperties: { rank: ['max', ['get', 'rank']] } }
        : {}),
    });
    if (cluster) {
      map.addLayer({
        id: this.clusterLayerId,
        type: 'circle',
        source: this.sourceId,
        filter: ['has', 'point_count'],
        layout: { visibility },
        paint: {
          'circle-color': this.clusterColor(),
          'circle-opacity': 0.85,
          'circle-radius': ['step', ['get', 'point_count'], radius + 4, 10, radius + 7, 100, radius + 10, 1000, radius + 14],
          'circle-stroke-color': stroke,
          'circle-stroke-width': 2,
        },
      }, beforeId);
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
    }, beforeId);
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
