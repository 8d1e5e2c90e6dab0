import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Division } from '../../../api/types';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { Field } from '../../../components/Field';
import type { FlatDepartment } from '../../../hooks/use-departments';

export interface UserFilterValues {
  q: string;
  department: string;
  division: string;
  status: '' | 'enabled' | 'disabled';
}

export const EMPTY_USER_FILTERS: UserFilterValues = { q: '', department: '', division: '', status: '' };

interface Props {
  value: UserFilterValues;
  onChange: (value: UserFilterValues) => void;
  departments: readonly FlatDepartment[];
  counties: { region: Division | null; counties: Division[] };
}

/** Search text (applied after a short pause), department subtree, division subtree, status. */
export function UserFilters({ value, onChange, departments, counties }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value.q);

  useEffect(() => {
    if (text === value.q) return;
    const timer = window.setTimeout(() => onChange({ ...value, q: text }), 350);
    return () => window.clearTimeout(timer);
  }, [text, value, onChange]);

  return (
    <form className="filters" role="search" aria-label={t('users.filters')} onSubmit={(event) => {
      event.preventDefault();
      onChange({ ...value, q: text });
    }}>
      <Field label={t('users.search')}>
        <input type="search" name="q" value={text} placeholder={t('users.searchPlaceholder')} onChange={(event) => setText(event.target.value)} data-testid="user-search" />
      </Field>
      <Field label={t('users.department')}>
        <DepartmentSelect departments={departments} value={value.department} emptyLabel={t('users.allDepartments')} onChange={(department) => onChange({ ...value, department })} testId="user-filter-department" />
      </Field>
      <Field label={t('users.division')}>
        <DivisionSelect {...counties} value={value.division} emptyLabel={t('users.allDivisions')} onChange={(division) => onChange({ ...value, division })} testId="user-filter-division" />
      </Field>
      <Field label={t('users.status')}>
        <select value={value.status} onChange={(event) => onChange({ ...value, status: event.target.value as UserFilterValues['status'] })} data-testid="user-filter-status">
          <option value="">{t('users.allStatuses')}</option>
          <option value="enabled">{t('users.enabledOnly')}</option>
          <option value="disabled">{t('users.disabledOnly')}</option>
        </select>
      </Field>
    </form>
  );
}
