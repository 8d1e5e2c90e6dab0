import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionInfo } from '../api/admin-types';
import { fetchPermissions } from '../api/roles';
import { useApi } from './use-api';

/** `GET /api/v1/permissions`, with each permission's description in the interface language. */
export function usePermissionCatalogue() {
  const { i18n } = useTranslation();
  const { data, error, loading } = useApi((signal) => fetchPermissions(signal), 'permissions');
  const items = useMemo(() => data?.items ?? [], [data]);
  const byKey = useMemo(() => new Map(items.map((p) => [p.key, p])), [items]);
  const english = i18n.language === 'en';
  const describe = useCallback(
    (key: string): string => {
      const info: PermissionInfo | undefined = byKey.get(key) ?? byKey.get(`${key.slice(0, key.lastIndexOf(':'))}:*`);
      if (!info) return '';
      return english ? info.en : info.zh;
    },
    [byKey, english],
  );
  return { items, byKey, describe, error, loading };
}
