import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listIndicators } from '../../api/indicators';
import type { IndicatorCurrent } from '../../api/indicators';
import { useApi } from '../../hooks/use-api';
import './vitals.css';

const TONE: Record<string, string> = { ok: 'ok', warning: 'warning', critical: 'danger', no_data: 'neutral' };

function format(value: number | null): string {
  if (value === null) return '—';
  return Math.abs(value) >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/** City vital signs (`/api/v1/indicators`): a tile each, "no data" said plainly, and a county ranking. */
export function VitalSigns({ countyName }: { countyName: (code: string) => string }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const { data, error } = useApi((signal) => listIndicators(signal), 'indicators');
  const [rankedId, setRankedId] = useState<string | null>(null);
  // Open at first on wide (wall) screens; on a laptop it starts folded so the map stays visible.
  const [wide] = useState(() => window.innerWidth >= 1600);
  const items = data?.items ?? [];
  const perCounty = items.filter((item) => item.perCounty && item.counties.some((c) => c.value !== null));
  const ranked: IndicatorCurrent | undefined = perCounty.find((item) => item.id === rankedId) ?? perCounty[0];
  const rows = ranked ? [...ranked.counties].filter((c) => c.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0)) : [];
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value ?? 0)));

  if (error !== null) return null;
  return (
    <details className="vital-signs" data-testid="vital-signs" open={wide}>
      <summary className="vital-signs__summary">
        <h2 className="vital-signs__title">{t('overview.vitals.title')}</h2>
      </summary>
      {data && items.length === 0 && <p className="muted">{t('overview.vitals.none')}</p>}
      <ul className="vital-signs__tiles">
        {items.map((item) => {
          const status = item.current?.status ?? 'no_data';
          return (
            <li key={item.id} className={`vital-tile vital-tile--${TONE[status] ?? 'neutral'}`} data-indicator={item.id} data-status={status}>
              <span className="vital-tile__name">{zh ? item.name.zh : item.name.en}</span>
              {status === 'no_data' || item.current?.value === null || item.current === null ? (
                <span className="vital-tile__value vital-tile__value--none">{t('overview.vitals.noData')}</span>
              ) : (
                <span className="vital-tile__value">
                  {format(item.current.value)} <small>{item.unit}</small>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {ranked && (
        <div className="vital-ranking">
          <label className="vital-ranking__pick">
            {t('overview.vitals.ranking')}{' '}
            <select value={ranked.id} onChange={(event) => setRankedId(event.target.value)}>
              {perCounty.map((item) => (
                <option key={item.id} value={item.id}>
                  {zh ? item.name.zh : item.name.en}
                </option>
              ))}
            </select>
          </label>
          <ol className="vital-ranking__bars">
            {rows.slice(0, 8).map((row) => (
              <li key={row.code}>
                <span className="vital-ranking__name">{countyName(row.code)}</span>
                <span className="vital-ranking__bar" aria-hidden="true">
                  <span style={{ width: `${(Math.abs(row.value ?? 0) / max) * 100}%` }} className={`vital-ranking__fill vital-tile--${TONE[row.status] ?? 'neutral'}`} />
                </span>
                <span className="vital-ranking__value">{format(row.value)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </details>
  );
}
