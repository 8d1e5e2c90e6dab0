import { listDevices } from '../../../api/devices';
import { useApi } from '../../../hooks/use-api';

/**
 * How many devices (in the viewer's scope) use each profile: the profiles API does not say,
 * so one count-only page of the device list per profile (there are tens of profiles, not thousands).
 */
export function useProfileDeviceCounts(ids: readonly string[]): Map<string, number> | null {
  const state = useApi(
    async (signal) => {
      const totals = await Promise.all(ids.map((profile) => listDevices({ profile, limit: 1, offset: 0 }, signal).then((r) => r.total)));
      return new Map(ids.map((id, i) => [id, totals[i] ?? 0]));
    },
    JSON.stringify(ids),
  );
  return state.data;
}
