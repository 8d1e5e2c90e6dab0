import { useTranslation } from 'react-i18next';
import type { HealthCheck } from '../../api/types';
import { Icon } from '../../components/Icon';
import { useErrorMessage } from '../../errors/use-error-message';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { StatusBadge } from './StatusBadge';
import { formatDuration } from './format-duration';
import { useHealth } from './use-health';
import './system.css';

/** Components in a fixed order; unknown ones the server adds later follow by name. */
const COMPONENT_ORDER = ['database', 'broker', 'bus'];

function orderedChecks(checks: Record<string, HealthCheck | undefined>): [string, HealthCheck][] {
  const entries = Object.entries(checks).filter((entry): entry is [string, HealthCheck] => entry[1] !== undefined);
  const rank = (name: string) => {
    const index = COMPONENT_ORDER.indexOf(name);
    return index === -1 ? COMPONENT_ORDER.length : index;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export default function SystemPage() {
  const { t, i18n } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const errorMessage = useErrorMessage();
  const { report, error, checkedAt, loading, refresh } = useHealth();

  const details = (check: HealthCheck): string[] => {
    const parts: string[] = [];
    if (check.engine) parts.push(t('system.detail.engine', { value: check.engine }));
    if (check.mode) parts.push(t('system.detail.mode', { value: check.mode }));
    if (typeof check.port === 'number') parts.push(t('system.detail.port', { value: check.port }));
    if (typeof check.latencyMs === 'number') parts.push(t('system.detail.latency', { value: check.latencyMs.toFixed(1) }));
    if (check.error) parts.push(t('system.detail.error', { value: check.error }));
    return parts;
  };
  const componentName = (name: string) => {
    const key = `system.components.${name}`;
    return i18n.exists(key) ? t(key) : name;
  };

  return (
    <div className="page system-page">
      <div className="page__head">
        <h1>{t('pages.system.title')}</h1>
        <button type="button" className="button button--ghost" onClick={refresh} disabled={loading} data-testid="health-refresh">
          <Icon name="refresh" size={18} />
          <span>{loading ? t('system.refreshing') : t('system.refresh')}</span>
        </button>
      </div>
      <p className="muted">{t('system.intro')}</p>
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {report && (
        <>
          <dl className="system-summary" data-testid="health-summary">
            <div>
              <dt>{t('system.overall')}</dt>
              <dd>
                <StatusBadge status={report.status} />
              </dd>
            </div>
            <div>
              <dt>{t('system.version')}</dt>
              <dd>{report.version}</dd>
            </div>
            <div>
              <dt>{t('system.uptime')}</dt>
              <dd>{formatDuration(report.uptimeSeconds, t)}</dd>
            </div>
            {checkedAt && (
              <div>
                <dt>{t('system.checkedAt')}</dt>
                <dd>{formatDateTime(checkedAt)}</dd>
              </div>
            )}
          </dl>
          <table className="data-table" data-testid="health-table">
            <caption>{t('system.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('system.columns.component')}</th>
                <th scope="col">{t('system.columns.status')}</th>
                <th scope="col">{t('system.columns.details')}</th>
              </tr>
            </thead>
            <tbody>
              {orderedChecks(report.checks).map(([name, check]) => (
                <tr key={name} data-component={name}>
                  <th scope="row">{componentName(name)}</th>
                  <td>
                    <StatusBadge status={check.status} />
                  </td>
                  <td>{details(check).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
