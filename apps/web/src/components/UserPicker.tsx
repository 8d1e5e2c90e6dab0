import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listUsers } from '../api/users';
import { useApi } from '../hooks/use-api';
import { Field } from './Field';

export interface UserPickerProps {
  value: string;
  onChange: (userId: string) => void;
}

/** Search accounts by name (GET /users?q=), then choose one from the matches. */
export function UserPicker({ value, onChange }: UserPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = { q: text.trim() || undefined, limit: 50, offset: 0 };
  const users = useApi((signal) => listUsers(query, signal), JSON.stringify(query));
  const items = users.data?.items ?? [];
  return (
    <div className="user-picker">
      <Field label={t('userPicker.search')}>
        <input type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder={t('userPicker.placeholder')} data-testid="user-picker-search" />
      </Field>
      <Field label={t('userPicker.user')}>
        <select value={value} onChange={(event) => onChange(event.target.value)} data-testid="user-picker-select">
          <option value="">{users.data ? t('userPicker.chooseOf', { count: users.data.total }) : t('userPicker.choose')}</option>
          {value && !items.some((u) => u.id === value) && <option value={value}>{value}</option>}
          {items.map((user) => (
            <option key={user.id} value={user.id}>
              {`${user.displayName} (${user.username})`}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
