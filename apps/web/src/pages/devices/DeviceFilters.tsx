import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_STATUSES } from '../../api/devices';
import type { DeviceProfile, DeviceStatus } from '../../api/devices';
import type { Division } from '../../api/types';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import { Field } from '../../components/Field';
import type { FlatDepartment } from '../../hooks/use-departments';

export interface DeviceFilterValues {
  q: string;
  division: string;
  department: string;
  profile: string;
  status: '' | DeviceStatus;
}

export const EMPTY_DEVICE_FILTERS: DeviceFilterValues = { q: '', division: '', department: '', profile: '', status: '' };

interface Props {
  value: DeviceFilterValues;
  onChange: (value: DeviceFilterValues) => void;
  counties: { region: Division | null; counties: Division[] };
  departments: readonly FlatDepartment[];
  profiles: readonly DeviceProfile[];
  profileName: (id: string) => string;
}

/** Id or name (applied after a short pause), county, department, profile, connectivity: all filtered by the server. */
export function DeviceFilters({ value, onChange, counties, departments, profiles, profileName }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value.q);

  useEffect(() => {
    if (text === value.q) return;
    const timer = window.setTimeout(() => onChange({ ...value, q: text }), 350);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);

  return (
    <form
      className="device-filters"
      role="search"
      aria-label={t('devices.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...value, q: text });
      }}
    >
      <Field label={t('devices.search')}>
        <input type="search" name="q" maxLength={100} value={text} placeholder={t('devices.searchPlaceholder')} onChange={(event) => setText(event.target.value)} data-testid="device-search" />
      </Field>
      <Field label={t('devices.county')}>
        <DivisionSelect {...counties} value={value.division} emptyLabel={t('devices.allCounties')} onChange={(division) => onChange({ ...value, division })} testId="device-filter-county" />
      </Field>
      <Field label={t('devices.department')}>
        <DepartmentSelect departments={departments} value={value.department} emptyLabel={t('devices.allDepartments')} onChange={(department) => onChange({ ...value, department })} testId="device-filter-department" />
      </Field>
      <Field label={t('devices.profile')}>
        <select value={value.profile} onChange={(event) => onChange({ ...value, profile: event.target.value })} data-testid="device-filter-profile">
          <option value="">{t('devices.allProfiles')}</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {profileName(p.id)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('devices.connectivity')}>
        <select value={value.status} onChange={(event) => onChange({ ...value, status: event.target.value as DeviceFilterValues['status'] })} data-testid="device-filter-status">
          <option value="">{t('devices.allStatuses')}</option>
          {DEVICE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`devices.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
    </form>
  );
}
