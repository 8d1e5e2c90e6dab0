import { useTranslation } from 'react-i18next';
import type { User } from '../../../api/admin-types';
import { TableStatus } from '../../../components/TableStatus';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import type { UserDialog } from './UserActionDialogs';
import { UserRowActions } from './UserRowActions';
import { UserStatus } from './UserStatus';

interface Props {
  users: User[];
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  departmentNames: Map<string, string>;
  divisionNames: Map<string, string>;
  onAction: (dialog: UserDialog) => void;
}

const COLUMNS = 7;

/** Accounts in the server's order (by user name; the API offers no other sort). */
export function UsersTable({ users, loading, error, onRetry, departmentNames, divisionNames, onAction }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  return (
    <div className="table-wrap">
      <table className="data-table admin-table" data-testid="users-table" aria-busy={loading}>
        <caption>{t('users.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.columns.username')}</th>
            <th scope="col">{t('users.columns.displayName')}</th>
            <th scope="col">{t('users.columns.department')}</th>
            <th scope="col">{t('users.columns.phone')}</th>
            <th scope="col">{t('users.columns.status')}</th>
            <th scope="col">{t('users.columns.createdAt')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={COLUMNS} loading={loading} error={error} empty={users.length === 0} emptyText={t('users.empty')} onRetry={onRetry} />
          {users.map((user) => (
            <tr key={user.id} data-username={user.username}>
              <th scope="row" className="mono">
                {user.username}
              </th>
              <td>{user.displayName}</td>
              <td>
                {user.departmentId ? (departmentNames.get(user.departmentId) ?? user.departmentId) : t('user.noDepartment')}
                {user.divisionCode && <span className="cell-sub">{divisionNames.get(user.divisionCode) ?? user.divisionCode}</span>}
              </td>
              <td className="mono">{user.phone ?? '—'}</td>
              <td>
                <UserStatus user={user} />
              </td>
              <td className="nowrap">{formatDateTime(user.createdAt)}</td>
              <td>
                <UserRowActions user={user} onAction={onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
