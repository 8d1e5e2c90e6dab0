import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Badge } from '../../../components/Badge';
import { Icon } from '../../../components/Icon';
import { PageHeader } from '../../../components/PageHeader';
import { TableStatus } from '../../../components/TableStatus';
import { useCan } from '../../../hooks/use-can';
import { useProfiles } from './use-profiles';
import { DeviceIntegrationNav } from '../DeviceIntegrationNav';
import { durationText } from './duration-text';
import { useProfileDeviceCounts } from './use-profile-device-counts';

const COLUMNS = 7;

/** `/devices/profiles`: how each kind of device's payload becomes entity attributes; built-in ones first. */
export default function DeviceProfilesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const profiles = useProfiles();
  const counts = useProfileDeviceCounts(profiles.items.map((p) => p.id));
  const canManage = can('devices:manage');

  return (
    <div className="page di-page" data-testid="device-profiles-page">
      <PageHeader
        title={t('pages.deviceProfiles.title')}
        intro={t('deviceProfiles.intro')}
        actions={
          canManage && (
            <Link to="/devices/profiles/new" className="button button--primary" data-testid="profile-new">
              <Icon name="plus" size={18} />
              <span>{t('deviceProfiles.new')}</span>
            </Link>
          )
        }
      />
      <DeviceIntegrationNav />
      <div className="di-table-wrap">
        <table className="data-table di-table" data-testid="profiles-table" aria-busy={profiles.loading}>
          <caption className="visually-hidden">{t('deviceProfiles.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deviceProfiles.columns.name')}</th>
              <th scope="col">{t('deviceProfiles.columns.entityType')}</th>
              <th scope="col">{t('deviceProfiles.columns.protocol')}</th>
              <th scope="col">{t('deviceProfiles.columns.mapping')}</th>
              <th scope="col">{t('deviceProfiles.columns.inactivity')}</th>
              <th scope="col" className="di-num">{t('deviceProfiles.columns.devices')}</th>
              <th scope="col">{t('deviceProfiles.columns.source')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={COLUMNS} loading={profiles.loading} error={profiles.error} empty={profiles.items.length === 0} emptyText={t('deviceProfiles.empty')} onRetry={profiles.reload} />
            {profiles.items.map((p) => (
              <tr key={p.id} data-profile-id={p.id}>
                <th scope="row" className="di-table__name">
                  <Link to={`/devices/profiles/${encodeURIComponent(p.id)}`} data-testid="profile-link">{profiles.nameOf(p.id)}</Link>
                  <span className="di-sub di-mono">{p.id}</span>
                </th>
                <td className="di-mono">{p.entityType}</td>
                <td>{t(`deviceProfiles.protocols.${p.protocol}`, { defaultValue: p.protocol })}</td>
                <td>
                  {p.expression === null ? t('deviceProfiles.mappingFlat') : t('deviceProfiles.mappingJsonata')}
                  {p.strict && <span className="di-sub">{t('deviceProfiles.strictShort')}</span>}
                </td>
                <td className="di-nowrap">{durationText(t, p.inactivitySeconds)}</td>
                <td className="di-num" data-testid="profile-device-count">{counts ? (counts.get(p.id) ?? 0) : '…'}</td>
                <td>
                  <Badge tone={p.builtin ? 'neutral' : 'info'}>{p.builtin ? t('deviceProfiles.builtin') : t('deviceProfiles.custom')}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted di-footnote">{t('deviceProfiles.countsNote')}</p>
    </div>
  );
}
