import { useTranslation } from 'react-i18next';
import type { EntityPointLayer } from '../../map/layers/entity-point-layer';

export interface LayerPanelProps {
  layers: readonly EntityPointLayer[];
  visible: Record<string, boolean>;
  counts: Record<string, number>;
  onToggle: (id: string, on: boolean) => void;
  loading: boolean;
}

/** The thematic layers: a labelled checkbox each, the number of points and the legend. */
export function LayerPanel({ layers, visible, counts, onToggle, loading }: LayerPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="layer-panel" aria-labelledby="layer-panel-title" data-testid="layer-panel">
      <h2 id="layer-panel-title" className="layer-panel__title">
        {t('overview.layers.title')}
        <span className="badge badge--info layer-panel__sim" title={t('overview.simulatedHint')}>
          {t('overview.simulated')}
        </span>
      </h2>
      {loading && (
        <p className="muted" role="status">
          {t('overview.layers.loading')}
        </p>
      )}
      <ul className="layer-panel__list">
        {layers.map((layer) => {
          const on = visible[layer.id] !== false;
          const id = `layer-toggle-${layer.id}`;
          return (
            <li key={layer.id} data-layer={layer.id} data-count={counts[layer.id] ?? 0} data-visible={on}>
              <label htmlFor={id} className="layer-panel__toggle">
                <input id={id} type="checkbox" checked={on} onChange={(event) => onToggle(layer.id, event.target.checked)} />
                <span>{t(`overview.layers.${layer.id}`)}</span>
                <span className="layer-panel__count">{counts[layer.id] ?? 0}</span>
              </label>
              {on && (
                <ul className="layer-panel__legend" aria-label={t('overview.layers.legendOf', { layer: t(`overview.layers.${layer.id}`) })}>
                  {layer.definition.legend.map((entry) => (
                    <li key={entry.key}>
                      <span className="layer-panel__swatch" style={{ background: entry.color }} aria-hidden="true" />
                      {t(entry.labelKey)}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
