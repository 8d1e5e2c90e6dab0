import { useTranslation } from 'react-i18next';
import type { User } from '../../../api/admin-types';
import { Badge } from '../../../components/Badge';

/** Every state that matters to an administrator, as words. */
export function UserStatus({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <span className="badges" data-testid="user-status">
      {user.disabled ? <Badge tone="neutral">{t('users.state.disabled')}</Badge> : <Badge tone="ok">{t('users.state.enabled')}</Badge>}
      {user.locked && <Badge tone="danger">{t('users.state.locked')}</Badge>}
      {user.mustChangePassword && <Badge tone="warning">{t('users.state.mustChangePassword')}</Badge>}
      {user.totpEnrolled && <Badge tone="info">{t('users.state.totp')}</Badge>}
      {user.source === 'oidc' && <Badge tone="info">{t('users.state.oidc')}</Badge>}
      {user.demo && <Badge tone="neutral">{t('users.state.demo')}</Badge>}
    </span>
  );
}
