import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assignment, Role } from '../../../api/admin-types';
import { deleteAssignment, fetchAssignments } from '../../../api/roles';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Icon } from '../../../components/Icon';
import { TableStatus } from '../../../components/TableStatus';
import { UserPicker } from '../../../components/UserPicker';
import { useApi } from '../../../hooks/use-api';
import { useCan } from '../../../hooks/use-can';
import { useCounties } from '../../../hooks/use-counties';
import { useDepartments } from '../../../hooks/use-departments';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import { AssignDialog } from './AssignDialog';
import { roleName } from './role-name';

interface Props {
  roles: Role[];
  userId: string;
  onUserChange: (userId: string) => void;
}

/** The roles one user holds, each with its scope; assign (grants:manage) and revoke. */
export function AssignmentsPanel({ roles, userId, onUserChange }: Props) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const formatDateTime = useFormatDateTime();
  const departments = useDepartments();
  const { names: divisionNames } = useCounties();
  const [assigning, setAssigning] = useState(false);
  const [revoking, setRevoking] = useState<Assignment | null>(null);
  const assignments = useApi(
    (signal) => (userId ? fetchAssignments({ userId, limit: 500, offset: 0 }, signal) : Promise.resolve({ items: [], total: 0 })),
    userId,
  );
  const items = assignments.data?.items ?? [];
  const roleLabel = (id: string) => {
    const role = roles.find((r) => r.id === id);
    return role ? roleName(role, i18n.language) : id;
  };
  const scope = (a: Assignment) => {
    const parts = [
      a.departmentScopeId ? t('assignments.departmentScope', { name: departments.names.get(a.departmentScopeId) ?? a.departmentScopeId }) : null,
      a.divisionScopeCode ? t('assignments.divisionScope', { name: divisionNames.get(a.divisionScopeCode) ?? a.divisionScopeCode }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join(t('assignments.and')) : t('assignments.everywhere');
  };

  return (
    <div className="assignments" data-testid="assignments-panel">
      <div className="toolbar toolbar--spread">
        <UserPicker value={userId} onChange={onUserChange} />
        {can('grants:manage') && userId && (
          <button type="button" className="button button--primary" data-testid="assignment-create" onClick={() => setAssigning(true)}>
            <Icon name="plus" size={18} />
            <span>{t('assignments.assign')}</span>
          </button>
        )}
      </div>
      {userId ? (
        <div className="table-wrap">
          <table className="data-table admin-table" data-testid="assignments-table" aria-busy={assignments.loading}>
            <caption>{t('assignments.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assignments.columns.role')}</th>
                <th scope="col">{t('assignments.columns.scope')}</th>
                <th scope="col">{t('assignments.columns.source')}</th>
                <th scope="col">{t('assignments.columns.created')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              <TableStatus columns={5} loading={assignments.loading} error={assignments.error} empty={items.length === 0} emptyText={t('assignments.empty')} onRetry={assignments.reload} />
              {items.map((a) => (
                <tr key={a.id} data-role={a.roleId}>
                  <th scope="row">
                    {roleLabel(a.roleId)} <span className="cell-sub mono">{a.roleId}</span>
                  </th>
                  <td data-testid="assignment-scope">{scope(a)}</td>
                  <td>{a.source === 'oidc' ? t('assignments.sourceOidc') : t('assignments.sourceLocal', { by: a.createdBy ?? '—' })}</td>
                  <td className="nowrap">{formatDateTime(a.createdAt)}</td>
                  <td>
                    {can('grants:manage') && (
                      <button type="button" className="link-button" aria-label={t('assignments.revokeOf', { name: a.roleId })} onClick={() => setRevoking(a)}>
                        {t('assignments.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('assignments.pickUser')}</p>
      )}
      {assigning && (
        <AssignDialog
          userId={userId}
          roles={roles}
          departments={departments.flat}
          onClose={() => setAssigning(false)}
          onSaved={() => {
            setAssigning(false);
            assignments.reload();
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('assignments.revokeTitle')}
          confirmLabel={t('assignments.revoke')}
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await deleteAssignment(revoking.id);
            setRevoking(null);
            assignments.reload();
          }}
        >
          <p>{t('assignments.revokeBody', { role: roleLabel(revoking.roleId), user: revoking.username, scope: scope(revoking) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
