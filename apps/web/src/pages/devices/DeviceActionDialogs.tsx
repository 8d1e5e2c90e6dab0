import { useTranslation } from 'react-i18next';
import { deleteDevice, rotateDeviceCredentials } from '../../api/devices';
import type { Device } from '../../api/devices';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SecretDialog } from '../../components/SecretDialog';
import { DeviceEditDialog } from './DeviceEditDialog';

export type DeviceAction =
  | { kind: 'rotate' | 'delete' | 'edit'; device: Device }
  | { kind: 'secret'; device: Device; token: string };

interface Props {
  action: DeviceAction;
  onChange: (next: DeviceAction | null) => void;
  /** The device changed (or null: it is gone). */
  onDone: (changed: Device | null) => void;
  onClose: () => void;
}

/** The one dialog over a device's detail: a confirmation, the edit form, or the token shown once. */
export function DeviceActionDialogs({ action, onChange, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const { device } = action;
  const name = `${device.name} (${device.id})`;

  if (action.kind === 'secret') {
    return (
      <SecretDialog
        title={t('devices.secret.title')}
        label={t('devices.secret.label', { name: device.id })}
        value={action.token}
        warning={t('devices.secret.warning', { id: device.id })}
        onClose={onClose}
      />
    );
  }
  if (action.kind === 'edit') {
    return (
      <DeviceEditDialog
        device={device}
        onClose={onClose}
        onSaved={(saved) => {
          onDone(saved);
          onClose();
        }}
      />
    );
  }
  if (action.kind === 'rotate') {
    return (
      <ConfirmDialog
        title={t('devices.confirm.rotateTitle')}
        confirmLabel={t('devices.rotate')}
        danger
        onClose={onClose}
        onConfirm={async () => {
          const rotated = await rotateDeviceCredentials(device.id);
          onDone(rotated);
          onChange({ kind: 'secret', device: rotated, token: rotated.credentials.token });
        }}
      >
        <p>{t('devices.confirm.rotateBody', { name })}</p>
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      title={t('devices.confirm.deleteTitle')}
      confirmLabel={t('common.delete')}
      danger
      onClose={onClose}
      onConfirm={async () => {
        await deleteDevice(device.id);
        onClose();
        onDone(null);
      }}
    >
      <p>{t('devices.confirm.deleteBody', { name })}</p>
    </ConfirmDialog>
  );
}
