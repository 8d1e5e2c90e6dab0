import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { getDevice } from '../../api/devices';
import type { Device } from '../../api/devices';
import { Dialog } from '../../components/Dialog';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { DeviceActionDialogs } from './DeviceActionDialogs';
import type { DeviceAction } from './DeviceActionDialogs';
import { DeviceStatusBadge, SimulatedBadge } from './DeviceStatusBadges';
import { divisionName } from './division-name';

interface Props {
  id: string;
  divisionNames: Map<string, string>;
  departmentNames: Map<string, string>;
  profileName: (id: string) => string;
  /** The device changed or was deleted (null): the list reloads. */
  onChanged: (device: Device | null) => void;
  onClose: () => void;
}

/** One device, fetched fresh: its facts, its entity, and the actions the viewer may take. */
export function DeviceDetailDrawer({ id, divisionNames, departmentNames, profileName, onChanged, onClose }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const formatDateTime = useFormatDateTime();
  const [action, setAction] = useState<DeviceAction | null>(null);
  const device = useApi((signal) => getDevice(id, signal), id);
  const d = device.data?.id === id ? device.data : null;

  const place = (code: string | null) => (code ? `${divisionName(divisionNames, code)} (${code})` : '—');
  const rows: [string, string, boolean][] = d
    ? [
        ['devices.detail.id', d.id, true],
        ['devices.detail.profile', `${profileName(d.profileId)} (${d.profileId})`, false],
        ['devices.detail.entityType', d.entityType, true],
        ['devices.detail.county', place(d.divisionCode), false],
        ['devices.detail.department', d.departmentId ? (departmentNames.get(d.departmentId) ?? d.departmentId) : t('devices.detail.noDepartment'), false],
        ['devices.detail.location', d.location ? `${d.location.lon.toFixed(5)}, ${d.location.lat.toFixed(5)}` : '—', true],
        ['devices.detail.vendor', [d.vendor, d.model].filter(Boolean).join(' · ') || '—', false],
        ['devices.detail.firmware', d.firmware ?? '—', true],
        ['devices.detail.tags', d.tags.length ? d.tags.join(', ') : '—', false],
        ['devices.detail.lastSeen', d.lastSeenAt ? formatDateTime(d.lastSeenAt) : t('devices.neverSeen'), false],
        ['devices.detail.statusReason', d.statusReason ? t(`devices.statusReasons.${d.statusReason}`, { defaultValue: d.statusReason }) : '—', false],
        ['devices.detail.createdAt', formatDateTime(d.createdAt), false],
        ['devices.detail.updatedAt', formatDateTime(d.updatedAt), false],
      ]
    : [];
  const manage = can('devices:manage');

  return (
    <>
      <Dialog title={d?.name ?? t('devices.detail.title')} onClose={onClose} variant="drawer" testId="device-detail">
        {device.error !== null && <ProblemMessage error={device.error} />}
        {!d && device.loading && (
          <p className="table-status__loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('common.loading')}
          </p>
        )}
        {d && (
          <>
            <div className="device-detail__badges badges">
              <DeviceStatusBadge status={d.status} />
              <SimulatedBadge device={d} />
            </div>
            <dl className="device-detail__list" data-testid="device-attributes">
              {rows.map(([key, value, mono]) => (
                <div key={key}>
                  <dt>{t(key)}</dt>
                  <dd className={mono ? 'device-mono' : undefined}>{value}</dd>
                </div>
              ))}
            </dl>
            <h3 className="device-detail__heading">{t('devices.detail.entity')}</h3>
            <p className="device-detail__entity">
              <Link to={`/entities/${encodeURIComponent(d.entityId)}`} data-testid="device-entity-link">
                {t('devices.detail.openEntity')}
              </Link>
              <span className="device-sub device-mono">{d.entityId}</span>
            </p>
            <p>
              <Link to={`/dead-letters?device=${encodeURIComponent(d.id)}`} data-testid="device-dead-letters-link">
                {t('devices.detail.deadLetters')}
              </Link>
            </p>
            {manage && (
              <>
                <h3 className="device-detail__heading">{t('devices.detail.manage')}</h3>
                <p className="device-detail__hint">{t('devices.detail.rotateHint')}</p>
                <div className="device-detail__actions">
                  <button type="button" className="button button--primary" data-testid="device-rotate" onClick={() => setAction({ kind: 'rotate', device: d })}>
                    {t('devices.rotate')}
                  </button>
                  <button type="button" className="button button--ghost" data-testid="device-edit" onClick={() => setAction({ kind: 'edit', device: d })}>
                    {t('common.edit')}
                  </button>
                  <button type="button" className="button button--ghost device-detail__delete" data-testid="device-delete" onClick={() => setAction({ kind: 'delete', device: d })}>
                    {t('common.delete')}
                  </button>
                </div>
              </>
            )}
          </>
        )}
      </Dialog>
      {action && (
        <DeviceActionDialogs
          action={action}
          onChange={setAction}
          onClose={() => setAction(null)}
          onDone={(changed) => {
            onChanged(changed);
            if (changed) device.reload();
            else onClose();
          }}
        />
      )}
    </>
  );
}
