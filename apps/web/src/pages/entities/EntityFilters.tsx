import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import type { FlatDepartment } from '../../hooks/use-departments';
import type { Division } from '../../api/types';
import { useTypeLabel } from './use-type-label';

export interface EntityFilterValues {
  type: string;
  county: string;
  department: string;
  q: string;
}

export interface EntityFiltersProps {
  value: EntityFilterValues;
  types: readonly string[];
  region: Division | null;
  counties: readonly Division[];
  departments: readonly FlatDepartment[];
  onChange: (next: Partial<EntityFilterValues>) => void;
}

const SEARCH_DELAY_MS = 350;

/** Type, county, owning department and id search; the search applies once typing pauses. */
export function EntityFilters({ value, types, region, counties, departments, onChange }: EntityFiltersProps) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const [text, setText] = useState(value.q);
  // A new value from outside (the browser's back button) replaces what is typed.
  useEffect(() => setText(value.q), [value.q]);
  useEffect(() => {
    if (text.trim() === value.q) return;
    const timer = setTimeout(() => onChange({ q: text.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // onChange merges into the current URL, so the one from the render that typed is right.
  }, [text, value.q]);
  const sorted = [...types].sort((a, b) => typeLabel(a).localeCompare(typeLabel(b), 'zh-CN'));

  return (
    <form className="entities-filters" role="search" aria-label={t('entities.filters.label')} onSubmit={(event) => {
      event.preventDefault();
      onChange({ q: text.trim() });
    }}>
      <label className="entities-filters__field">
        <span>{t('entities.filters.type')}</span>
        <select value={value.type} onChange={(event) => onChange({ type: event.target.value })} data-testid="entities-type">
          <option value="">{t('entities.filters.allTypes')}</option>
          {sorted.map((type) => (
            <option key={type} value={type}>
              {typeLabel(type) === type ? type : `${typeLabel(type)} (${type})`}
            </option>
          ))}
        </select>
      </label>
      <label className="entities-filters__field">
        <span>{t('entities.filters.county')}</span>
        <DivisionSelect
          region={region}
          counties={counties}
          value={value.county}
          emptyLabel={t('entities.filters.allCounties')}
          onChange={(county) => onChange({ county })}
          testId="entities-county"
        />
      </label>
      <label className="entities-filters__field">
        <span>{t('entities.filters.department')}</span>
        <DepartmentSelect
          departments={departments}
          value={value.department}
          emptyLabel={t('entities.filters.allDepartments')}
          onChange={(department) => onChange({ department })}
          testId="entities-department"
        />
      </label>
      <label className="entities-filters__field entities-filters__search">
        <span>{t('entities.filters.search')}</span>
        <input type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder={t('entities.filters.searchPlaceholder')} data-testid="entities-search" />
      </label>
    </form>
  );
}
