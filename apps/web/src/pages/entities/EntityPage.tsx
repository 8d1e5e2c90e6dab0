import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { entityHistory, getEntity, isSimulated } from '../../api/datahub';
import { HistoryChart } from '../../charts/HistoryChart';
import { PageHeader } from '../../components/PageHeader';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useApi } from '../../hooks/use-api';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { useTheme } from '../../theme/theme-context';
import './entity.css';

const RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
type RangeId = keyof typeof RANGES;

const HIDDEN = new Set(['location', 'simulated', 'dataProvider', 'refDevice', 'name']);

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One entity: its current attributes and the history of a numeric attribute. */
export default function EntityPage() {
  const { t } = useTranslation();
  const { theme } = useTheme();
  const formatDateTime = useFormatDateTime();
  const id = decodeURIComponent(useParams().id ?? '');
  const entity = useApi((signal) => getEntity(id, signal), id);
  const attributes = entity.data?.attributes ?? {};
  const numeric = Object.keys(attributes)
    .filter((key) => typeof attributes[key] === 'number' && !HIDDEN.has(key))
    .sort();
  const [chosen, setChosen] = useState<string | null>(null);
  const attr = chosen && numeric.includes(chosen) ? chosen : (numeric.includes('pm25') ? 'pm25' : numeric[0]) ?? null;
  const [range, setRange] = useState<RangeId>('24h');
  const span = useMemo(() => {
    const now = Date.now();
    // The demo simulator, run faster than real time, stamps observations ahead of the wall
    // clock: the window reaches a day past now so they show. The time axis fits the data.
    return { from: new Date(now - RANGES[range]), to: new Date(now + 86_400_000) };
    // A new window per range choice (and per attribute, to refresh "now").
  }, [range, attr]);
  const history = useApi(
    (signal) => (attr ? entityHistory(id, attr, span.from, span.to, 500, signal) : Promise.resolve(null)),
    `${id}|${attr ?? ''}|${span.from.toISOString()}`,
  );
  const name = typeof attributes.name === 'string' ? attributes.name : id;
  // The entity browser and the alarm page send where they were, so "back" returns there.
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  const back = typeof from === 'string' && from.startsWith('/') ? from : null;

  return (
    <div className="page entity-page" data-testid="entity-page">
      <p className="entity-page__back">
        <Link to={back ?? '/overview'}>{back ? t('entity.backToPrevious') : t('entity.back')}</Link>
      </p>
      <PageHeader title={entity.data ? name : t('entity.title')} intro={id} />
      {entity.error !== null && <ProblemMessage error={entity.error} />}
      {!entity.loading && entity.error === null && !entity.data && <p role="alert">{t('entity.notFound')}</p>}
      {entity.data && (
        <>
          <p className="entity-page__meta">
            <span>{entity.data.type}</span>
            {entity.data.divisionCode && <span>{entity.data.divisionCode}</span>}
            <span>{t('entity.modifiedAt', { time: formatDateTime(entity.data.modifiedAt) })}</span>
            {isSimulated(attributes) && (
              <span className="badge badge--info" data-testid="simulated-badge">
                {t('overview.simulated')}
              </span>
            )}
          </p>
          <div className="entity-page__grid">
            <section aria-labelledby="entity-history-title" className="entity-page__card">
              <h2 id="entity-history-title">{t('entity.history')}</h2>
              {numeric.length === 0 ? (
                <p className="muted">{t('entity.noNumeric')}</p>
              ) : (
                <>
                  <div className="entity-page__controls">
                    <label>
                      {t('entity.attribute')}{' '}
                      <select value={attr ?? ''} onChange={(event) => setChosen(event.target.value)} data-testid="history-attr">
                        {numeric.map((key) => (
                          <option key={key} value={key}>
                            {key}
                          </option>
                        ))}
                      </select>
                    </label>
                    <div role="group" aria-label={t('entity.range')} className="entity-page__ranges">
                      {(Object.keys(RANGES) as RangeId[]).map((id) => (
                        <button
                          key={id}
                          type="button"
                          className={`button ${range === id ? 'button--primary' : 'button--ghost'}`}
                          aria-pressed={range === id}
                          onClick={() => setRange(id)}
                        >
                          {t(`entity.ranges.${id}`)}
                        </button>
                      ))}
                    </div>
                  </div>
                  {history.error !== null && <ProblemMessage error={history.error} />}
                  {history.data && history.data.points.length === 0 && <p className="muted">{t('entity.noHistory')}</p>}
                  {history.data && history.data.points.length > 0 && (
                    <>
                      <HistoryChart points={history.data.points} label={attr ?? ''} theme={theme} />
                      <p className="muted entity-page__note">{t('entity.downsampled', { shown: history.data.points.length, total: history.data.total })}</p>
                    </>
                  )}
                </>
              )}
            </section>
            <section aria-labelledby="entity-attrs-title" className="entity-page__card">
              <h2 id="entity-attrs-title">{t('entity.attributes')}</h2>
              <div className="table-wrap">
                <table className="data-table" data-testid="entity-attributes">
                  <thead>
                    <tr>
                      <th scope="col">{t('entity.name')}</th>
                      <th scope="col">{t('entity.value')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.keys(attributes)
                      .filter((key) => !HIDDEN.has(key))
                      .sort()
                      .map((key) => (
                        <tr key={key}>
                          <th scope="row">{key}</th>
                          <td>{display(attributes[key])}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
        </>
      )}
    </div>
  );
}
