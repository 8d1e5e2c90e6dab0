import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context';
import { hasPermission } from '../../auth/permissions';
import { useErrorMessage } from '../../errors/use-error-message';
import { useSystemInfo } from '../../layout/use-system-info';
import type { MapTexts } from '../../map/create-map';
import { useTheme } from '../../theme/theme-context';
import { OVERVIEW_TEXT_TIMING } from '../after-paint';
import { AlarmTicker } from './AlarmTicker';
import { CountyPanel } from './CountyPanel';
import { DemoControl } from './DemoControl';
import { EntityPanel } from './EntityPanel';
import { LayerPanel } from './LayerPanel';
import { VitalSigns } from './VitalSigns';
import { useBoundaries } from './use-boundaries';
import { useMapModule } from './use-map-module';
import { useOverviewLayers } from './use-overview-layers';
import './overview.css';

/** Width the county panel takes over the map (CSS `--county-panel-width` plus its margin). */
const PANEL_INSET = 376;

function MapLoading() {
  const { t } = useTranslation();
  return (
    <p className="overview__status" role="status">
      {t('overview.loading')}
    </p>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const { theme } = useTheme();
  const info = useSystemInfo();
  const errorMessage = useErrorMessage();
  const { data, error, reload } = useBoundaries();
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const [mapFailed, setMapFailed] = useState(false);
  // The loading text stays until the map shows (it is invisible while it warms up).
  const [mapShown, setMapShown] = useState(false);
  const onMapShown = useCallback(() => setMapShown(true), []);
  const overlays = useOverviewLayers();
  const { user } = useAuth();
  const canControlDemo = hasPermission(user?.permissions ?? [], 'simulator:control');
  const canIndicators = hasPermission(user?.permissions ?? [], 'indicators:read');
  const countyName = useCallback(
    (code: string) => data?.counties.features.find((f) => f.properties.code === code)?.properties.name ?? code,
    [data],
  );
  const [entityId, setEntityId] = useState<string | null>(null);
  const pickedEntity = entityId ? overlays.entity(entityId) : null;

  // Clicks on a point (or an alarm: its source entity) open the entity panel.
  useEffect(() => {
    for (const layer of overlays.entityLayers) layer.onPick = setEntityId;
    overlays.alarmLayer.onPick = (id) => {
      const alarm = overlays.alarm(id);
      if (alarm) setEntityId(alarm.sourceId);
    };
  }, [overlays.entityLayers, overlays.alarmLayer, overlays.alarm]);
  const pickedLayer = pickedEntity ? overlays.entityLayers.find((l) => l.definition.entityType === pickedEntity.type) : undefined;

  // The map code loads while the boundaries are being fetched, not after them.
  const { CountyMap, error: mapCodeError, retry: retryMapCode } = useMapModule();
  const loadError: unknown = error ?? mapCodeError;
  const retry = useCallback(() => {
    if (error !== null) reload();
    if (mapCodeError !== null) retryMapCode();
  }, [error, mapCodeError, reload, retryMapCode]);

  const cityName = info?.regionName ?? null;
  const texts = useMemo<MapTexts>(
    () => ({
      title: cityName ? t('overview.mapLabel', { city: cityName }) : t('overview.mapLabelFallback'),
      zoomIn: t('map.zoomIn'),
      zoomOut: t('map.zoomOut'),
    }),
    [t, cityName],
  );
  const describeCounty = useCallback((name: string) => t('overview.selectCounty', { name }), [t]);
  const onMapError = useCallback(() => setMapFailed(true), []);
  const selected = data?.counties.features.find((f) => f.properties.code === selectedCode)?.properties ?? null;

  useEffect(() => {
    if (!selectedCode && !entityId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      if (entityId) setEntityId(null);
      else setSelectedCode(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selectedCode, entityId]);

  return (
    <div
      className={`overview${selectedCode || pickedEntity ? ' overview--panel' : ''}`}
      data-testid="overview"
      data-points-state={overlays.state}
      data-point-divisions={overlays.divisions.join(',')}
    >
      {data && CountyMap && !mapFailed && (
        <CountyMap
          counties={data.counties}
          prefecture={data.prefecture}
          selectedCode={selectedCode}
          onSelect={setSelectedCode}
          theme={theme}
          texts={texts}
          describeCounty={describeCounty}
          rightInset={selectedCode ? PANEL_INSET : 0}
          onError={onMapError}
          overlays={overlays.drawOrder}
          overlaysLoaded={overlays.state !== 'loading'}
          onShown={onMapShown}
          tiles={info?.map?.tileUrl ? { url: info.map.tileUrl, attribution: info.map.tileAttribution } : null}
        />
      )}
      {(!data || !CountyMap || !mapShown) && loadError === null && !mapFailed && <MapLoading />}
      {(loadError !== null || mapFailed) && (
        <div className="overview__status" role="alert">
          <p>{mapFailed ? t('overview.webglUnavailable') : `${t('overview.loadFailed')} ${errorMessage(loadError)}`}</p>
          {!mapFailed && (
            <button type="button" className="button button--primary" onClick={retry}>
              {t('overview.retry')}
            </button>
          )}
        </div>
      )}
      <section className="overview__card" aria-labelledby="overview-title">
        <h1 id="overview-title">{t('pages.overview.title')}</h1>
        {data && <p className="overview__count">{t('overview.countyCount', { count: data.counties.features.length })}</p>}
        {/* Element Timing: the heavy map work waits for this text to be on screen (after-paint.ts). */}
        <p className="muted" {...{ elementtiming: OVERVIEW_TEXT_TIMING }}>
          {t('overview.hint')}
        </p>
        {selectedCode && (
          <button type="button" className="button button--ghost" onClick={() => setSelectedCode(null)}>
            {t('overview.resetView')}
          </button>
        )}
      </section>
      {overlays.state !== 'forbidden' && (
        <LayerPanel
          layers={overlays.layers}
          visible={overlays.visible}
          counts={overlays.counts}
          onToggle={overlays.setVisible}
          loading={overlays.state === 'loading'}
        />
      )}
      {overlays.state === 'error' && (
        <p className="overview__points-error" role="alert">
          {t('overview.layers.loadFailed')}
        </p>
      )}
      {overlays.canAlarms && <AlarmTicker alarms={overlays.openAlarms} onPick={(alarm) => setEntityId(alarm.sourceId)} />}
      {canControlDemo && <DemoControl />}
      {canIndicators && <VitalSigns countyName={countyName} />}
      {pickedEntity ? (
        <EntityPanel entity={pickedEntity} keyAttributes={pickedLayer?.definition.keyAttributes ?? []} onClose={() => setEntityId(null)} />
      ) : (
        selected && (
          <CountyPanel
            county={selected}
            onClose={() => setSelectedCode(null)}
            stations={overlays.stationsIn(selected.code)}
            onPickStation={setEntityId}
          />
        )
      )}
    </div>
  );
}
