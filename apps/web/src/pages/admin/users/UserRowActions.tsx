import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { User } from '../../../api/admin-types';
import { useAuth } from '../../../auth/auth-context';
import { useCan } from '../../../hooks/use-can';
import type { UserDialog } from './UserActionDialogs';

/** The row's actions the viewer may take: users:manage for most, security:manage for the second factor. */
export function UserRowActions({ user, onAction }: { user: User; onAction: (dialog: UserDialog) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { user: me } = useAuth();
  const manage = can('users:manage');
  const self = me?.id === user.id;
  const label = (key: string) => t(key, { name: user.username });
  return (
    <div className="row-actions">
      {manage && (
        <button type="button" className="link-button" aria-label={label('users.editOf')} onClick={() => onAction({ kind: 'edit', user })}>
          {t('common.edit')}
        </button>
      )}
      {manage && user.source === 'local' && (
        <button type="button" className="link-button" data-testid="user-reset-password" aria-label={label('users.resetPasswordOf')} onClick={() => onAction({ kind: 'resetPassword', user })}>
          {t('users.resetPassword')}
        </button>
      )}
      {manage && !self && (
        <button type="button" className="link-button" aria-label={label(user.disabled ? 'users.enableOf' : 'users.disableOf')} onClick={() => onAction({ kind: user.disabled ? 'enable' : 'disable', user })}>
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
      )}
      {manage && user.locked && (
        <button type="button" className="link-button" aria-label={label('users.unlockOf')} onClick={() => onAction({ kind: 'unlock', user })}>
          {t('users.unlock')}
        </button>
      )}
      {can('security:manage') && user.totpEnrolled && (
        <button type="button" className="link-button" aria-label={label('users.resetTotpOf')} onClick={() => onAction({ kind: 'resetTotp', user })}>
          {t('users.resetTotp')}
        </button>
      )}
      {can('roles:read') && (
        <Link className="link-button" to={`/admin/roles?tab=assignments&user=${encodeURIComponent(user.id)}`} aria-label={label('users.rolesOf')}>
          {t('users.roles')}
        </Link>
      )}
    </div>
  );
}
