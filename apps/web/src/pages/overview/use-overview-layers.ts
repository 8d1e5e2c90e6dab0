import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { listAlarms } from '../../api/alarms';
import type { Alarm, AlarmStreamData } from '../../api/alarms';
import { listPoints } from '../../api/datahub';
import { useAuth } from '../../auth/auth-context';
import { hasPermission } from '../../auth/permissions';
import { AirQualityLayer } from '../../map/layers/air-quality-layer';
import { AlarmLayer } from '../../map/layers/alarm-layer';
import type { EntityPointLayer, PointFeatureInput } from '../../map/layers/entity-point-layer';
import { FarmPlotLayer } from '../../map/layers/farm-plot-layer';
import { FireRiskLayer } from '../../map/layers/fire-risk-layer';
import { NoiseLayer } from '../../map/layers/noise-layer';
import { SafetyMonitorLayer } from '../../map/layers/safety-monitor-layer';
import { ScenicLoadLayer } from '../../map/layers/scenic-load-layer';
import { StreetlightLayer } from '../../map/layers/streetlight-layer';
import { TrafficLayer } from '../../map/layers/traffic-layer';
import { WaterQualityLayer } from '../../map/layers/water-quality-layer';
import { useStream } from '../../realtime/use-stream';
import type { StreamEvent } from '../../realtime/stream-client';

/**
 * What the overview knows of one entity: where it is and the values its legend needs, kept
 * current by the stream (the panel fetches the rest when the entity is picked).
 */
export interface LiveEntity {
  id: string;
  type: string;
  divisionCode: string | null;
  lon: number;
  lat: number;
  attributes: Record<string, unknown>;
  /** The last observation the stream brought; null until one arrives. */
  observedAt: string | null;
}

/** One `entities.<type>` stream payload (packages/realtime). */
interface EntityStreamData {
  entityId?: string;
  entityType?: string;
  divisionCode?: string | null;
  location?: [number, number];
  observedAt?: string;
  attributes?: Record<string, unknown>;
}

/** A User Timing mark set once, when the first entities and alarms are on the map. */
export const FIRST_MAP_DATA_MARK = 'zc:first-map-data';

/** Map updates are batched: at most one `setData` per layer per interval. */
const FLUSH_MS = 1000;

export type LoadState = 'loading' | 'ready' | 'error' | 'forbidden';

/**
 * The overview's thematic layers and their live data: loads each type's map points from the
 * data hub (one compact request per layer) and the open alarms, then follows the realtime
 * stream, pushing to the map once a second only what changes the drawing (a new point, a move,
 * another legend class).
 */
export function useOverviewLayers() {
  const { user } = useAuth();
  const permissions = user?.permissions ?? [];
  const canEntities = hasPermission(permissions, 'entities:read');
  const canAlarms = hasPermission(permissions, 'alarms:read');

  const [entityLayers] = useState<EntityPointLayer[]>(() => [
    new AirQualityLayer(),
    new WaterQualityLayer(),
    new FireRiskLayer(),
    new ScenicLoadLayer(),
    new TrafficLayer(),
    new StreetlightLayer(),
    new NoiseLayer(),
    new FarmPlotLayer(),
    new SafetyMonitorLayer(),
  ]);
  const [alarmLayer] = useState(() => new AlarmLayer());
  const layers = useMemo(() => [...entityLayers, alarmLayer], [entityLayers, alarmLayer]);
  /** Paint order: the dense infrastructure layers below, air stations and alarms on top. */
  const drawOrder = useMemo(() => [...entityLayers].reverse().concat(alarmLayer), [entityLayers, alarmLayer]);

  const entities = useRef(new Map<string, LiveEntity>());
  const alarms = useRef(new Map<string, Alarm>());
  /** Layers whose drawing changed since the last flush. */
  const dirty = useRef(new Set<string>());
  /** Whether any value changed since the last flush (the entity panel shows live values). */
  const touched = useRef(false);
  /** Bumped by every flush that changed something; `drawn` only when a layer was redrawn. */
  const [version, setVersion] = useState(0);
  const [drawn, setDrawn] = useState(0);
  const [state, setState] = useState<LoadState>(canEntities ? 'loading' : 'forbidden');
  const [visible, setVisibleState] = useState<Record<string, boolean>>(() => Object.fromEntries(layers.map((l) => [l.id, l.definition.defaultVisible !== false])));

  const layerOfType = useMemo(() => new Map(entityLayers.map((l) => [l.definition.entityType, l])), [entityLayers]);

  const flush = useCallback(() => {
    if (dirty.current.size === 0) {
      if (touched.current) setVersion((v) => v + 1);
      touched.current = false;
      return;
    }
    touched.current = false;
    const all = [...entities.current.values()];
    for (const layer of entityLayers) {
      if (!dirty.current.has(layer.id)) continue;
      layer.setPoints(all.filter((e) => e.type === layer.definition.entityType) satisfies PointFeatureInput[]);
    }
    if (dirty.current.has(alarmLayer.id)) {
      const points: PointFeatureInput[] = [];
      for (const alarm of alarms.current.values()) {
        const source = entities.current.get(alarm.sourceId);
        if (!source) continue;
        points.push({ id: alarm.id, lon: source.lon, lat: source.lat, divisionCode: alarm.divisionCode, attributes: { severity: alarm.severity } });
      }
      alarmLayer.setPoints(points);
    }
    dirty.current.clear();
    setVersion((v) => v + 1);
    setDrawn((v) => v + 1);
  }, [entityLayers, alarmLayer]);

  useEffect(() => {
    if (!canEntities) return;
    const controller = new AbortController();
    void (async () => {
      try {
        const load = async (group: readonly EntityPointLayer[]) => {
          const lists = await Promise.all(
            group.map((l) => listPoints(l.definition.entityType, l.definition.valueAttributes, controller.signal)),
          );
          lists.forEach((list, i) => {
            const layer = group[i];
            if (!layer) return;
            for (const point of list) {
              // The stream may have brought newer values while the list was loading.
              const known = entities.current.get(point.id);
              entities.current.set(point.id, {
                id: point.id, type: layer.definition.entityType, divisionCode: point.divisionCode, lon: point.lon, lat: point.lat,
                attributes: { ...point.values, ...known?.attributes }, observedAt: known?.observedAt ?? null,
              });
            }
            dirty.current.add(layer.id);
          });
        };
        // The layers shown when the page opens first; the ones switched off (the dense
        // infrastructure) right after, so the first picture does not wait for them.
        const shown = entityLayers.filter((l) => l.definition.defaultVisible !== false);
        await load(shown);
        if (canAlarms) {
          const open = await listAlarms({ active: true, limit: 500 }, controller.signal);
          for (const alarm of open.items) alarms.current.set(alarm.id, alarm);
          dirty.current.add(alarmLayer.id);
        }
        flush();
        setState('ready');
        // For the console benchmark: when the first data reached the map (bench/console.ts).
        if (performance.getEntriesByName(FIRST_MAP_DATA_MARK).length === 0) performance.mark(FIRST_MAP_DATA_MARK);
        await load(entityLayers.filter((l) => !shown.includes(l)));
        // Alarms of their entities can now be placed too.
        dirty.current.add(alarmLayer.id);
        flush();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setState('error');
      }
    })();
    const timer = setInterval(flush, FLUSH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [canEntities, canAlarms, entityLayers, alarmLayer, flush]);

  const topics = useMemo(() => {
    if (!canEntities) return [];
    const list = entityLayers.map((l) => `entities.${l.definition.entityType.toLowerCase()}`);
    return canAlarms ? [...list, 'alarms'] : list;
  }, [canEntities, canAlarms, entityLayers]);

  useStream(topics, (event: StreamEvent) => {
    if (event.topic === 'alarms') {
      const alarm = (event.data as AlarmStreamData | null)?.alarm;
      if (!alarm?.id) return;
      if (alarm.active) alarms.current.set(alarm.id, alarm);
      else alarms.current.delete(alarm.id);
      dirty.current.add(alarmLayer.id);
      return;
    }
    const data = event.data as EntityStreamData | null;
    if (!data?.entityId) return;
    const known = entities.current.get(data.entityId);
    const layer = layerOfType.get(data.entityType ?? known?.type ?? '');
    if (!layer) return;
    const location = data.location ?? (known ? [known.lon, known.lat] : null);
    if (!location) return;
    const next: LiveEntity = {
      id: data.entityId,
      type: data.entityType ?? known?.type ?? '',
      divisionCode: data.divisionCode ?? known?.divisionCode ?? null,
      lon: location[0],
      lat: location[1],
      attributes: { ...known?.attributes, ...data.attributes },
      observedAt: data.observedAt ?? event.at,
    };
    entities.current.set(data.entityId, next);
    const { classify } = layer.definition;
    if (!known || known.lon !== next.lon || known.lat !== next.lat || classify(known.attributes) !== classify(next.attributes)) {
      dirty.current.add(layer.id);
    }
    touched.current = true;
  });

  const setVisible = useCallback(
    (id: string, on: boolean) => {
      layers.find((l) => l.id === id)?.setVisible(on);
      setVisibleState((current) => ({ ...current, [id]: on }));
    },
    [layers],
  );

  const counts = useMemo(() => {
    const result: Record<string, number> = {};
    for (const layer of entityLayers) result[layer.id] = 0;
    for (const entity of entities.current.values()) {
      const layer = layerOfType.get(entity.type);
      if (layer) result[layer.id] = (result[layer.id] ?? 0) + 1;
    }
    result[alarmLayer.id] = alarms.current.size;
    return result;
    // drawn marks a change of the refs' points (values alone do not change the counts).
  }, [drawn, entityLayers, alarmLayer, layerOfType]);

  const openAlarms = useMemo(
    () => [...alarms.current.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)),
    [drawn],
  );

  const divisions = useMemo(
    () => [...new Set([...entities.current.values()].map((e) => e.divisionCode ?? ''))].sort(),
    [drawn],
  );

  /** Air quality stations of a county, by name. */
  const stationsIn = useCallback(
    (code: string) =>
      [...entities.current.values()]
        .filter((e) => e.type === 'AirQualityObserved' && e.divisionCode?.startsWith(code))
        .map((e) => ({ id: e.id, name: typeof e.attributes.name === 'string' ? e.attributes.name : e.id }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [],
  );

  const entity = useCallback((id: string) => entities.current.get(id) ?? null, []);
  const alarm = useCallback((id: string) => alarms.current.get(id) ?? null, []);

  return { layers, drawOrder, entityLayers, alarmLayer, state, visible, setVisible, counts, openAlarms, divisions, entity, alarm, stationsIn, version, canAlarms };
}
