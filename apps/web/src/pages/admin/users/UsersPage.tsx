import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../api/admin-types';
import { listUsers } from '../../../api/users';
import { Icon } from '../../../components/Icon';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { useApi } from '../../../hooks/use-api';
import { useCan } from '../../../hooks/use-can';
import { useCounties } from '../../../hooks/use-counties';
import { useDepartments } from '../../../hooks/use-departments';
import '../admin.css';
import { EMPTY_USER_FILTERS, UserFilters } from './UserFilters';
import type { UserFilterValues } from './UserFilters';
import { UserActionDialogs } from './UserActionDialogs';
import type { UserDialog } from './UserActionDialogs';
import { UsersTable } from './UsersTable';

/** `/admin/users`: accounts, server-paginated and filtered; actions by the viewer's permissions. */
export default function UsersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const departments = useDepartments();
  const counties = useCounties();
  const [filters, setFilters] = useState<UserFilterValues>(EMPTY_USER_FILTERS);
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [dialog, setDialog] = useState<UserDialog | null>(null);

  const query = {
    q: filters.q.trim() || undefined,
    department: filters.department || undefined,
    division: filters.division || undefined,
    disabled: filters.status === '' ? undefined : filters.status === 'disabled',
    ...page,
  };
  const users = useApi((signal) => listUsers(query, signal), JSON.stringify(query));

  const changeFilters = (next: UserFilterValues) => {
    setFilters(next);
    setPage((current) => ({ ...current, offset: 0 }));
  };
  const open = (next: UserDialog) => setDialog(next);
  const done = (changed: User | null) => {
    if (changed) users.reload();
  };

  return (
    <div className="page admin-page" data-testid="users-page">
      <PageHeader
        title={t('pages.users.title')}
        intro={t('users.intro')}
        actions={
          can('users:manage') && (
            <button type="button" className="button button--primary" data-testid="user-create" onClick={() => open({ kind: 'create' })}>
              <Icon name="plus" size={18} />
              <span>{t('users.create')}</span>
            </button>
          )
        }
      />
      <UserFilters value={filters} onChange={changeFilters} departments={departments.flat} counties={counties} />
      <UsersTable
        users={users.data?.items ?? []}
        loading={users.loading}
        error={users.error}
        onRetry={users.reload}
        departmentNames={departments.names}
        divisionNames={counties.names}
        onAction={open}
      />
      <Pagination label={t('users.pagination')} total={users.data?.total ?? 0} {...page} onChange={setPage} />
      {dialog && (
        <UserActionDialogs dialog={dialog} departments={departments.flat} onChange={setDialog} onDone={done} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
