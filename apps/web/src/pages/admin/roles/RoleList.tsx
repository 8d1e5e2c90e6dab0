import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../api/admin-types';
import { deleteRole } from '../../../api/roles';
import { Badge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Icon } from '../../../components/Icon';
import { TableStatus } from '../../../components/TableStatus';
import { useCan } from '../../../hooks/use-can';
import { usePermissionCatalogue } from '../../../hooks/use-permission-catalogue';
import { RoleFormDialog } from './RoleFormDialog';
import { roleName } from './role-name';

interface Props {
  roles: Role[];
  loading: boolean;
  error: unknown;
  onChanged: () => void;
}

type Editing = { kind: 'create' } | { kind: 'edit' | 'delete'; role: Role };

/** Built-in roles read-only; custom roles editable by roles:manage. */
export function RoleList({ roles, loading, error, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const catalogue = usePermissionCatalogue();
  const [editing, setEditing] = useState<Editing | null>(null);
  const manage = can('roles:manage');
  const close = () => setEditing(null);

  return (
    <>
      {manage && (
        <div className="toolbar">
          <button type="button" className="button button--primary" data-testid="role-create" onClick={() => setEditing({ kind: 'create' })}>
            <Icon name="plus" size={18} />
            <span>{t('roles.create')}</span>
          </button>
        </div>
      )}
      <div className="table-wrap">
        <table className="data-table admin-table" data-testid="roles-table" aria-busy={loading}>
          <caption>{t('roles.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roles.columns.name')}</th>
              <th scope="col">{t('roles.columns.permissions')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={3} loading={loading} error={error} empty={roles.length === 0} />
            {roles.map((role) => (
              <tr key={role.id} data-role={role.id}>
                <th scope="row" className="role-cell">
                  <span className="role-cell__name">{roleName(role, i18n.language)}</span>
                  <span className="cell-sub mono">{role.id}</span>
                  {role.builtin ? <Badge tone="neutral">{t('roles.builtin')}</Badge> : <Badge tone="info">{t('roles.custom')}</Badge>}
                </th>
                <td>
                  <ul className="permission-list">
                    {role.permissions.map((key) => (
                      <li key={key}>
                        <code>{key}</code> <span className="muted">{catalogue.describe(key)}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {manage && !role.builtin ? (
                    <div className="row-actions">
                      <button type="button" className="link-button" aria-label={t('roles.editOf', { name: role.id })} onClick={() => setEditing({ kind: 'edit', role })}>
                        {t('common.edit')}
                      </button>
                      <button type="button" className="link-button" aria-label={t('roles.deleteOf', { name: role.id })} onClick={() => setEditing({ kind: 'delete', role })}>
                        {t('common.delete')}
                      </button>
                    </div>
                  ) : (
                    <span className="muted role-readonly">{role.builtin ? t('roles.readOnly') : ''}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && editing.kind !== 'delete' && (
        <RoleFormDialog
          role={editing.kind === 'edit' ? editing.role : null}
          catalogue={catalogue.items}
          onClose={close}
          onSaved={() => {
            close();
            onChanged();
          }}
        />
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={t('roles.deleteTitle')}
          confirmLabel={t('common.delete')}
          danger
          onClose={close}
          onConfirm={async () => {
            await deleteRole(editing.role.id);
            close();
            onChanged();
          }}
        >
          <p>{t('roles.deleteBody', { name: roleName(editing.role, i18n.language) })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
