import { useTranslation } from 'react-i18next';
import { isSimulatedDevice } from '../../api/devices';
import type { Device, DeviceStatus } from '../../api/devices';
import { Badge } from '../../components/Badge';
import type { BadgeTone } from '../../components/Badge';

const TONES: Record<DeviceStatus, BadgeTone> = { online: 'ok', offline: 'warning', never: 'neutral' };

/** Connectivity in words and colour. */
export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  const { t } = useTranslation();
  return (
    <span data-testid="device-status" data-status={status}>
      <Badge tone={TONES[status]}>{t(`devices.status.${status}`)}</Badge>
    </span>
  );
}

/** The simulator's devices say so wherever they are shown. */
export function SimulatedBadge({ device }: { device: Pick<Device, 'tags'> }) {
  const { t } = useTranslation();
  if (!isSimulatedDevice(device)) return null;
  return (
    <span data-testid="device-simulated" title={t('devices.simulatedHint')}>
      <Badge tone="info">{t('devices.simulated')}</Badge>
    </span>
  );
}
