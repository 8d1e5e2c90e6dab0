import { useMemo } from 'react';
import { fetchDivisions } from '../api/geo';
import type { Division } from '../api/types';
import { useSystemInfo } from '../layout/use-system-info';
import { useApi } from './use-api';

/** The region itself and its county-level divisions, for division pickers and filters. */
export function useCounties(): { region: Division | null; counties: Division[]; names: Map<string, string> } {
  const info = useSystemInfo();
  const regionCode = info?.regionCode ?? '';
  const { data } = useApi(
    (signal) => (regionCode ? fetchDivisions(regionCode, signal) : Promise.resolve({ items: [], total: 0 })),
    regionCode,
  );
  return useMemo(() => {
    const counties = data?.items ?? [];
    const region = regionCode ? { code: regionCode, name: info?.regionName ?? regionCode, level: 'prefecture', parentCode: null } : null;
    const names = new Map<string, string>([...(region ? [[region.code, region.name] as [string, string]] : []), ...counties.map((c) => [c.code, c.name] as [string, string])]);
    return { region, counties, names };
  }, [data, regionCode, info?.regionName]);
}
