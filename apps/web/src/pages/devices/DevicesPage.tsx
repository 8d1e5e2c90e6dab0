import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { listDevices } from '../../api/devices';
import type { DeviceQuery } from '../../api/devices';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { DeviceIntegrationNav } from '../device-integration/DeviceIntegrationNav';
import { Pagination } from '../../components/Pagination';
import { useApi } from '../../hooks/use-api';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { DeviceDetailDrawer } from './DeviceDetailDrawer';
import { DeviceFilters, EMPTY_DEVICE_FILTERS } from './DeviceFilters';
import type { DeviceFilterValues } from './DeviceFilters';
import { DevicesTable } from './DevicesTable';
import { useDeviceProfiles } from './use-device-profiles';
import './devices.css';

/**
 * `/devices`: the device registry, server-paged and filtered in the viewer's scope; a device's
 * detail opens in a drawer (`?device=<id>`, so other pages can link to it).
 */
export default function DevicesPage() {
  const { t } = useTranslation();
  const counties = useCounties();
  const departments = useDepartments();
  const profiles = useDeviceProfiles();
  const [filters, setFilters] = useState<DeviceFilterValues>(EMPTY_DEVICE_FILTERS);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [params, setParams] = useSearchParams();
  const openId = params.get('device');

  const query: DeviceQuery = {
    q: filters.q.trim() || undefined,
    division: filters.division || undefined,
    department: filters.department || undefined,
    profile: filters.profile || undefined,
    status: filters.status || undefined,
    ...page,
  };
  const list = useApi((signal) => listDevices(query, signal), JSON.stringify(query));

  const changeFilters = useCallback((next: DeviceFilterValues) => {
    setFilters(next);
    setPage((current) => ({ ...current, offset: 0 }));
  }, []);
  const open = (id: string | null) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (id) next.set('device', id);
      else next.delete('device');
      return next;
    });
  };

  return (
    <div className="page devices-page" data-testid="devices-page">
      <PageHeader
        title={t('pages.devices.title')}
        intro={t('devices.intro')}
        actions={
          <button type="button" className="button button--ghost" data-testid="devices-refresh" onClick={list.reload}>
            <Icon name="refresh" size={18} />
            <span>{t('common.refresh')}</span>
          </button>
        }
      />
      <DeviceIntegrationNav />
      <DeviceFilters
        value={filters}
        onChange={changeFilters}
        counties={counties}
        departments={departments.flat}
        profiles={profiles.items}
        profileName={profiles.nameOf}
      />
      <DevicesTable
        devices={list.data?.items ?? []}
        total={list.data?.total ?? null}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        divisionNames={counties.names}
        departmentNames={departments.names}
        profileName={profiles.nameOf}
        onOpen={open}
      />
      <Pagination label={t('devices.pagination')} total={list.data?.total ?? 0} {...page} onChange={setPage} />
      {openId && (
        <DeviceDetailDrawer
          key={openId}
          id={openId}
          divisionNames={counties.names}
          departmentNames={departments.names}
          profileName={profiles.nameOf}
          onChanged={() => list.reload()}
          onClose={() => open(null)}
        />
      )}
    </div>
  );
}
