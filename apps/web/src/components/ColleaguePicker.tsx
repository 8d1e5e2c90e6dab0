import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listColleagues } from '../api/directory';
import { useApi } from '../hooks/use-api';
import { Field } from './Field';

export interface ColleaguePickerProps {
  value: string;
  onChange: (userId: string) => void;
}

/**
 * Search colleagues in one's own scope by name (GET /users/directory?q=) and choose one:
 * for operational pickers (assigning an alarm), where account administration (users:read)
 * is not needed and contact details are not shown.
 */
export function ColleaguePicker({ value, onChange }: ColleaguePickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = { q: text.trim() || undefined, limit: 50, offset: 0 };
  const found = useApi((signal) => listColleagues(query, signal), JSON.stringify(query));
  const items = found.data?.items ?? [];
  return (
    <div className="user-picker">
      <Field label={t('userPicker.search')}>
        <input type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder={t('userPicker.placeholder')} data-testid="colleague-picker-search" />
      </Field>
      <Field label={t('userPicker.user')}>
        <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="colleague-picker-select">
          <option value="">{found.data ? t('userPicker.chooseOf', { count: found.data.total }) : t('userPicker.choose')}</option>
          {value && !items.some((u) => u.id === value) && <option value={value}>{value}</option>}
          {items.map((user) => (
            <option key={user.id} value={user.id}>
              {user.departmentName ? `${user.displayName}（${user.departmentName}）` : user.displayName}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
