import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listDeviceProfiles } from '../../../api/devices';
import type { DeviceProfile } from '../../../api/devices';
import { useApi } from '../../../hooks/use-api';

/**
 * The device profiles with their loading state, and each one's name in the interface language
 * (the built-in ones are translated in the devices catalogue, as on the devices page).
 */
export function useProfiles() {
  const { t } = useTranslation();
  const state = useApi((signal) => listDeviceProfiles(signal), 'device-profiles');
  const items = useMemo<DeviceProfile[]>(() => state.data?.items ?? [], [state.data]);
  const byId = useMemo(() => new Map(items.map((p) => [p.id, p])), [items]);
  const nameOf = useCallback((id: string) => t(`devices.profileNames.${id}`, { defaultValue: byId.get(id)?.name ?? id }), [t, byId]);
  return { items, byId, nameOf, loading: state.loading, error: state.error, reload: state.reload };
}
