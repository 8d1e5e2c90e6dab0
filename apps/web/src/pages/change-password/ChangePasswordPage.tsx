import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { changePassword } from '../../api/auth';
import { useAuth } from '../../auth/auth-context';
import { ENROLL_TOTP_PATH } from '../../auth/RequireAuth';
import { useErrorMessage } from '../../errors/use-error-message';
import { AuthCard } from '../login/AuthCard';
import { FormError } from '../login/FormError';
import { HOME_PATH } from '../registry';

export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { session, passwordChanged, signOut } = useAuth();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mustChange = session?.mustChangePassword === true;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (newPassword !== confirm) {
      setError(t('changePassword.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword({ currentPassword, newPassword });
      passwordChanged();
      if (session?.mustEnrollTotp) void navigate(ENROLL_TOTP_PATH, { replace: true });
      else void navigate(HOME_PATH, { replace: true, state: { notice: 'passwordChanged' } });
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('changePassword.title')}>
      {mustChange && <p className="notice">{t('changePassword.mustChange')}</p>}
      <form className="form" onSubmit={(event) => void submit(event)} aria-describedby="password-error" noValidate>
        <div className="field">
          <label htmlFor="pw-current">{t('changePassword.current')}</label>
          <input
            id="pw-current"
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(event) => setCurrentPassword(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="pw-new">{t('changePassword.new')}</label>
          <input
            id="pw-new"
            type="password"
            autoComplete="new-password"
            required
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="pw-confirm">{t('changePassword.confirm')}</label>
          <input
            id="pw-confirm"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(event) => setConfirm(event.target.value)}
          />
        </div>
        <FormError id="password-error" message={error} />
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? t('changePassword.submitting') : t('changePassword.submit')}
        </button>
        {mustChange ? (
          <button type="button" className="button button--ghost button--block" onClick={() => void signOut()}>
            {t('user.logout')}
          </button>
        ) : (
          <button type="button" className="button button--ghost button--block" onClick={() => void navigate(-1)}>
            {t('changePassword.cancel')}
          </button>
        )}
      </form>
    </AuthCard>
  );
}
