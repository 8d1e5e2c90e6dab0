import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../api/admin-types';
import { Badge } from '../../../components/Badge';
import { TableStatus } from '../../../components/TableStatus';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';

interface Props {
  keys: ApiKey[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  departmentNames: Map<string, string>;
  onRevoke: (key: ApiKey) => void;
}

/** Keys by name with their prefix (to recognise one in a log), scope, life and use. */
export function ApiKeysTable({ keys, loading, error, onRetry, departmentNames, onRevoke }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const when = (value: string | null, none: string) => (value ? formatDateTime(value) : none);
  const state = (key: ApiKey) => {
    if (key.revokedAt) return <Badge tone="neutral">{t('apiKeys.state.revoked')}</Badge>;
    if (key.expiresAt && new Date(key.expiresAt).getTime() < Date.now()) return <Badge tone="warning">{t('apiKeys.state.expired')}</Badge>;
    return <Badge tone="ok">{t('apiKeys.state.active')}</Badge>;
  };
  return (
    <div className="table-wrap">
      <table className="data-table admin-table" data-testid="api-keys-table" aria-busy={loading}>
        <caption>{t('apiKeys.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('apiKeys.columns.name')}</th>
            <th scope="col">{t('apiKeys.columns.department')}</th>
            <th scope="col">{t('apiKeys.columns.permissions')}</th>
            <th scope="col">{t('apiKeys.columns.state')}</th>
            <th scope="col">{t('apiKeys.columns.expires')}</th>
            <th scope="col">{t('apiKeys.columns.lastUsed')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={7} loading={loading} error={error} empty={keys.length === 0} emptyText={t('apiKeys.empty')} onRetry={onRetry} />
          {keys.map((key) => (
            <tr key={key.id} data-key-name={key.name}>
              <th scope="row">
                {key.name}
                <span className="cell-sub mono">{`${key.prefix}…`}</span>
              </th>
              <td>{key.departmentId ? (departmentNames.get(key.departmentId) ?? key.departmentId) : '—'}</td>
              <td className="mono cell-permissions">{key.permissions.join(', ')}</td>
              <td data-testid="api-key-state">{state(key)}</td>
              <td className="nowrap">{when(key.expiresAt, t('apiKeys.never'))}</td>
              <td className="nowrap">{when(key.lastUsedAt, t('apiKeys.notUsed'))}</td>
              <td>
                {!key.revokedAt && (
                  <button type="button" className="link-button" data-testid="api-key-revoke" aria-label={t('apiKeys.revokeOf', { name: key.name })} onClick={() => onRevoke(key)}>
                    {t('apiKeys.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
