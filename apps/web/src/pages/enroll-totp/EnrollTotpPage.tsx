import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../api/auth';
import { isApiError } from '../../api/client';
import type { TotpEnrolment } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { useErrorMessage } from '../../errors/use-error-message';
import { AuthCard } from '../login/AuthCard';
import { FormError } from '../login/FormError';
import { HOME_PATH } from '../registry';

/** "ABCD EFGH …": easier to type into a phone than one long run of letters. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Administrators enrol an authenticator app before they may use the platform: the server
 * issues a secret (typed into the app, or opened through the otpauth link), and one code
 * from the app confirms it.
 */
export default function EnrollTotpPage() {
  const { t } = useTranslation();
  const { totpEnrolled, signOut } = useAuth();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const finish = () => {
    totpEnrolled();
    void navigate(HOME_PATH, { replace: true, state: { notice: 'totpEnrolled' } });
  };

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await startTotpEnrolment());
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'ERR_AUTH_TOTP_ALREADY_ENROLLED') return finish();
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await confirmTotpEnrolment(code.trim());
      finish();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('enrollTotp.title')}>
      <p className="notice">{t('enrollTotp.intro')}</p>
      {!enrolment ? (
        <div className="form">
          <FormError id="totp-error" message={error} />
          <button type="button" className="button button--primary button--block" disabled={busy} onClick={() => void start()} data-testid="totp-start">
            {t('enrollTotp.start')}
          </button>
          <button type="button" className="button button--ghost button--block" onClick={() => void signOut()}>
            {t('user.logout')}
          </button>
        </div>
      ) : (
        <form className="form" onSubmit={(event) => void confirm(event)} aria-describedby="totp-error" noValidate>
          <div className="field">
            <span className="field__label" id="totp-secret-label">
              {t('enrollTotp.secret')}
            </span>
            <code className="secret" data-testid="totp-secret" data-secret={enrolment.secret}>
              {grouped(enrolment.secret)}
            </code>
            <p className="field__hint">
              {t('enrollTotp.secretHint')} <a href={enrolment.otpauthUrl}>{t('enrollTotp.openApp')}</a>
            </p>
          </div>
          <div className="field">
            <label htmlFor="totp-code">{t('enrollTotp.code')}</label>
            <input
              id="totp-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              autoFocus
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          </div>
          <FormError id="totp-error" message={error} />
          <button type="submit" className="button button--primary button--block" disabled={busy} data-testid="totp-confirm">
            {t('enrollTotp.confirm')}
          </button>
        </form>
      )}
    </AuthCard>
  );
}
