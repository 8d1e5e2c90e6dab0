import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { getEntity, isSimulated } from '../../api/datahub';
import { useApi } from '../../hooks/use-api';
import { Icon } from '../../components/Icon';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import type { LiveEntity } from './use-overview-layers';

export interface EntityPanelProps {
  entity: LiveEntity;
  keyAttributes: readonly string[];
  onClose: () => void;
}

const HIDDEN = new Set(['location', 'simulated', 'dataProvider', 'refDevice', 'name']);

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A point of the map: its current values, a simulated-data badge and a link to its page. The
 * map holds only the values its legend needs; the rest is fetched when the point is picked,
 * and what the stream brings afterwards is shown over it.
 */
export function EntityPanel({ entity: live, keyAttributes, onClose }: EntityPanelProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const details = useApi((signal) => getEntity(live.id, signal), live.id);
  const full = details.data?.id === live.id ? details.data : null;
  const entity = {
    ...live,
    attributes: { ...full?.attributes, ...live.attributes },
    observedAt: live.observedAt ?? full?.observedAt ?? full?.modifiedAt ?? null,
  };
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [entity.id]);
  const name = typeof entity.attributes.name === 'string' ? entity.attributes.name : entity.id;
  const keys = Object.keys(entity.attributes).filter((key) => !HIDDEN.has(key));
  const ordered = [...keyAttributes.filter((key) => keys.includes(key)), ...keys.filter((key) => !keyAttributes.includes(key)).sort()];
  return (
    <aside className="county-panel entity-panel" aria-labelledby="entity-panel-title" data-testid="entity-panel">
      <div className="county-panel__head">
        <div>
          <p className="county-panel__eyebrow">{entity.type}</p>
          <h2 id="entity-panel-title" ref={headingRef} tabIndex={-1} data-testid="entity-panel-title">
            {name}
          </h2>
          {isSimulated(entity.attributes) && (
            <span className="badge badge--info" data-testid="simulated-badge" title={t('overview.simulatedHint')}>
              {t('overview.simulated')}
            </span>
          )}
        </div>
        <button type="button" className="icon-button" aria-label={t('overview.panel.close')} title={t('overview.panel.close')} onClick={onClose}>
          <Icon name="close" size={18} />
        </button>
      </div>
      {entity.observedAt && (
        <p className="muted entity-panel__time">{t('overview.entity.observedAt', { time: formatDateTime(entity.observedAt) })}</p>
      )}
      <dl className="county-panel__facts entity-panel__values" data-testid="entity-values">
        {ordered.map((key) => (
          <div key={key} className="entity-panel__row">
            <dt>{key}</dt>
            <dd>{display(entity.attributes[key])}</dd>
          </div>
        ))}
      </dl>
      <p className="entity-panel__id">{entity.id}</p>
      <Link className="button button--primary entity-panel__open" to={`/entities/${encodeURIComponent(entity.id)}`} data-testid="entity-open">
        {t('entity.open')}
      </Link>
    </aside>
  );
}
