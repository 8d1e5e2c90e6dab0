import { useTranslation } from 'react-i18next';
import type { ProvisioningKey, ProvisioningKeyStatus } from '../../../api/provisioning-keys';
import { Badge } from '../../../components/Badge';
import type { BadgeTone } from '../../../components/Badge';
import { TableStatus } from '../../../components/TableStatus';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';

const TONES: Record<ProvisioningKeyStatus, BadgeTone> = { active: 'ok', exhausted: 'warning', expired: 'neutral', revoked: 'danger' };
const COLUMNS = 7;

interface Props {
  keys: ProvisioningKey[];
  total: number | null;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  profileName: (id: string) => string;
  departmentName: (id: string) => string;
  divisionName: (code: string) => string;
  onRevoke: (key: ProvisioningKey) => void;
}

/** Keys newest first: where the devices they register go, how many may still come, until when. */
export function ProvisioningKeysTable({ keys, total, loading, error, onRetry, profileName, departmentName, divisionName, onRevoke }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="di-table-wrap">
      <table className="data-table di-table" data-testid="keys-table" data-total={total ?? undefined} aria-busy={loading}>
        <caption className="visually-hidden">{t('provisioningKeys.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('provisioningKeys.columns.name')}</th>
            <th scope="col">{t('provisioningKeys.columns.scope')}</th>
            <th scope="col">{t('provisioningKeys.columns.profile')}</th>
            <th scope="col" className="di-num">{t('provisioningKeys.columns.devices')}</th>
            <th scope="col">{t('provisioningKeys.columns.expires')}</th>
            <th scope="col">{t('provisioningKeys.columns.status')}</th>
            <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={COLUMNS} loading={loading} error={error} empty={keys.length === 0} emptyText={t('provisioningKeys.empty')} onRetry={onRetry} />
          {keys.map((key) => (
            <tr key={key.id} data-key-id={key.id} data-status={key.status}>
              <th scope="row" className="di-table__name">
                <span className="di-table__label">{key.name}</span>
                <span className="di-sub di-mono">{key.id}</span>
              </th>
              <td>
                {key.divisionCode ? divisionName(key.divisionCode) : t('provisioningKeys.anyDivision')}
                <span className="di-sub">{key.departmentId ? departmentName(key.departmentId) : t('provisioningKeys.anyDepartment')}</span>
              </td>
              <td>
                {profileName(key.profileId)}
                <span className="di-sub di-mono">{key.profileId}</span>
              </td>
              <td className="di-num di-nowrap" data-testid="key-usage">
                {t('provisioningKeys.usage', { used: key.provisioned, max: key.maxDevices })}
              </td>
              <td className="di-nowrap">
                {formatDateTime(key.expiresAt)}
                {key.lastUsedAt && <span className="di-sub">{t('provisioningKeys.lastUsed', { at: formatDateTime(key.lastUsedAt) })}</span>}
              </td>
              <td data-testid="key-status">
                <Badge tone={TONES[key.status]}>{t(`provisioningKeys.status.${key.status}`)}</Badge>
                {key.revokedAt && <span className="di-sub">{formatDateTime(key.revokedAt)}</span>}
              </td>
              <td className="di-actions">
                {key.status !== 'revoked' && (
                  <button type="button" className="link-button" aria-label={t('provisioningKeys.revokeOf', { name: key.name })} onClick={() => onRevoke(key)} data-testid="key-revoke">
                    {t('provisioningKeys.revoke')}
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
