import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Division } from '../../api/types';
import { Icon } from '../../components/Icon';
import { useErrorMessage } from '../../errors/use-error-message';
import { useTownships } from './use-townships';

export interface CountyStation {
  id: string;
  name: string;
}

export interface CountyPanelProps {
  county: Division;
  onClose: () => void;
  /** Air quality stations in the county, each opening its point panel. */
  stations?: readonly CountyStation[];
  onPickStation?: (id: string) => void;
}

/** The selected county: name, code and its townships. */
export function CountyPanel({ county, onClose, stations = [], onPickStation }: CountyPanelProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { list, error } = useTownships(county.code);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [county.code]);

  return (
    <aside className="county-panel" aria-labelledby="county-panel-title" data-testid="county-panel">
      <div className="county-panel__head">
        <div>
          <p className="county-panel__eyebrow">{t('overview.panel.label')}</p>
          <h2 id="county-panel-title" ref={headingRef} tabIndex={-1} data-testid="county-panel-title">
            {county.name}
          </h2>
        </div>
        <button type="button" className="icon-button" aria-label={t('overview.panel.close')} title={t('overview.panel.close')} onClick={onClose}>
          <Icon name="close" size={18} />
        </button>
      </div>
      <dl className="county-panel__facts">
        <dt>{t('overview.panel.code')}</dt>
        <dd data-testid="county-panel-code">{county.code}</dd>
      </dl>
      {stations.length > 0 && (
        <>
          <h3 className="county-panel__subhead">
            <span>{t('overview.panel.stations')}</span>
            <span className="muted">{stations.length}</span>
          </h3>
          <ul className="county-stations" data-testid="county-stations">
            {stations.map((station) => (
              <li key={station.id}>
                <button type="button" className="button button--ghost" onClick={() => onPickStation?.(station.id)}>
                  {station.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className="county-panel__subhead">
        <span>{t('overview.panel.townships')}</span>
        {list && <span className="muted">{t('overview.panel.townshipCount', { count: list.total })}</span>}
      </h3>
      {!list && !error && (
        <p role="status" className="muted">
          {t('overview.panel.loading')}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {list && list.items.length === 0 && <p className="muted">{t('overview.panel.noTownships')}</p>}
      {list && list.items.length > 0 && (
        <ul className="township-list" data-testid="township-list">
          {list.items.map((township) => (
            <li key={township.code}>
              <span>{township.name}</span>
              <span className="township-list__code">{township.code}</span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
