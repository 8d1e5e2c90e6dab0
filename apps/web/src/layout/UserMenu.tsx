import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { CHANGE_PASSWORD_PATH } from '../auth/RequireAuth';
import { Icon } from '../components/Icon';
import { useFormatDateTime } from '../i18n/use-format-date-time';

/** A disclosure (button + panel): Escape or a click outside closes it. */
export function UserMenu() {
  const { t } = useTranslation();
  const { user, session, signOut } = useAuth();
  const formatDateTime = useFormatDateTime();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!user) return null;
  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost user-menu__button"
        data-testid="user-menu"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('header.userMenu', { name: user.displayName })}
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name="user" size={18} />
        <span className="user-menu__name">{user.displayName}</span>
        <Icon name="chevronDown" size={16} />
      </button>
      <div id={panelId} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__who">
          <strong>{user.displayName}</strong>
          <span className="muted">{user.username}</span>
        </p>
        <dl className="user-menu__facts">
          <dt>{t('user.department')}</dt>
          <dd>{user.department?.name ?? t('user.noDepartment')}</dd>
          {user.roles.length > 0 && (
            <>
              <dt>{t('user.roles')}</dt>
              <dd>{user.roles.join(', ')}</dd>
            </>
          )}
          {session?.expiresAt && (
            <>
              <dt>{t('user.sessionExpires')}</dt>
              <dd>{formatDateTime(session.expiresAt)}</dd>
            </>
          )}
        </dl>
        <div className="user-menu__actions">
          <Link className="button button--ghost" to={CHANGE_PASSWORD_PATH} onClick={() => setOpen(false)}>
            <Icon name="key" size={18} />
            <span>{t('user.changePassword')}</span>
          </Link>
          <button type="button" className="button button--ghost" data-testid="logout" onClick={() => void signOut()}>
            <Icon name="logout" size={18} />
            <span>{t('user.logout')}</span>
          </button>
        </div>
      </div>
    </div>
  );
}
