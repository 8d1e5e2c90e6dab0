import { useTranslation } from 'react-i18next';
import type { Device } from '../../api/devices';
import { TableStatus } from '../../components/TableStatus';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { DeviceStatusBadge, SimulatedBadge } from './DeviceStatusBadges';
import { divisionName } from './division-name';

interface Props {
  devices: Device[];
  /** The server's count of every match (for tests and screen readers: the pagination says it too). */
  total: number | null;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  divisionNames: Map<string, string>;
  departmentNames: Map<string, string>;
  profileName: (id: string) => string;
  onOpen: (id: string) => void;
}

const COLUMNS = 6;

/** Devices in the server's order (by id; the API offers no other sort). The name opens the detail. */
export function DevicesTable({ devices, total, loading, error, onRetry, divisionNames, departmentNames, profileName, onOpen }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="device-table-wrap">
      <table className="data-table device-table" data-testid="devices-table" data-total={total ?? undefined} aria-busy={loading}>
        <caption className="visually-hidden">{t('devices.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('devices.columns.device')}</th>
            <th scope="col">{t('devices.columns.profile')}</th>
            <th scope="col">{t('devices.columns.county')}</th>
            <th scope="col">{t('devices.columns.status')}</th>
            <th scope="col">{t('devices.columns.lastSeen')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={COLUMNS} loading={loading} error={error} empty={devices.length === 0} emptyText={t('devices.empty')} onRetry={onRetry} />
          {devices.map((device) => (
            <tr key={device.id} data-device-id={device.id} data-division={device.divisionCode ?? ''} className="device-table__row" onClick={() => onOpen(device.id)}>
              <th scope="row" className="device-table__name">
                <span className="device-table__title">
                  <span className="device-table__label">{device.name}</span>
                  <SimulatedBadge device={device} />
                </span>
                <span className="device-sub device-mono">{device.id}</span>
              </th>
              <td>
                {profileName(device.profileId)}
                <span className="device-sub">{device.entityType}</span>
              </td>
              <td>
                {divisionName(divisionNames, device.divisionCode) ?? '—'}
                {device.departmentId && <span className="device-sub">{departmentNames.get(device.departmentId) ?? device.departmentId}</span>}
              </td>
              <td>
                <DeviceStatusBadge status={device.status} />
              </td>
              <td className="device-nowrap">{device.lastSeenAt ? formatDateTime(device.lastSeenAt) : t('devices.neverSeen')}</td>
              <td className="device-table__open">
                <button
                  type="button"
                  className="link-button"
                  data-testid="device-open"
                  aria-label={t('devices.openOf', { name: device.name })}
                  onClick={(event) => {
                    event.stopPropagation();
                    onOpen(device.id);
                  }}
                >
                  {t('devices.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
