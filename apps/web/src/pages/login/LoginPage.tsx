import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { authMethods, exchangeOidcCode, login } from '../../api/auth';
import { isApiError } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { pendingStep } from '../../auth/RequireAuth';
import { useErrorMessage } from '../../errors/use-error-message';
import { HOME_PATH } from '../registry';
import { AuthCard } from './AuthCard';
import { FormError } from './FormError';

const TOTP_REQUIRED = 'ERR_AUTH_TOTP_REQUIRED';

function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login')) return from;
  }
  return HOME_PATH;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { status, expired, completeLogin } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const errorMessage = useErrorMessage();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(expired ? t('login.sessionExpired') : null);
  const totpRef = useRef<HTMLInputElement>(null);
  const [sso, setSso] = useState(false);
  const oidc = useRef(new URLSearchParams(location.hash.replace(/^#/, '')));
  const [exchanging, setExchanging] = useState(() => oidc.current.has('oidcCode'));

  useEffect(() => {
    if (needsTotp) totpRef.current?.focus();
  }, [needsTotp]);

  useEffect(() => {
    authMethods().then((m) => setSso(m.oidc), () => setSso(false));
  }, []);

  // Back from the identity provider: the fragment carries a one-time code (never sent to
  // servers in logs), traded once for a session.
  useEffect(() => {
    const code = oidc.current.get('oidcCode');
    if (!code) return;
    const back = oidc.current.get('returnTo');
    window.history.replaceState(null, '', window.location.pathname);
    exchangeOidcCode(code)
      .then(async (response) => {
        await completeLogin(response);
        void navigate(back && back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/login') ? back : HOME_PATH, { replace: true });
      })
      .catch((caught: unknown) => {
        setError(errorMessage(caught));
        setExchanging(false);
      });
  }, [completeLogin, navigate, errorMessage]);

  if (status === 'signedIn') return <Navigate to={returnPath(location.state)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await login({ username: username.trim(), password, ...(needsTotp ? { totp: totp.trim() } : {}) });
      await completeLogin(response);
      const next = { mustChangePassword: response.mustChangePassword === true, mustEnrollTotp: response.mustEnrollTotp === true };
      const target = pendingStep(next) ?? returnPath(location.state);
      void navigate(target, { replace: true });
    } catch (caught) {
      if (isApiError(caught) && caught.code === TOTP_REQUIRED && !needsTotp) {
        // Not a failure: the password was right and the form now asks for the code.
        setNeedsTotp(true);
      } else {
        setError(errorMessage(caught));
      }
      setBusy(false);
    }
  }

  return (
    <AuthCard title={t('login.title')}>
      <form className="form" onSubmit={(event) => void submit(event)} aria-describedby="login-error" noValidate>
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input
            id="login-username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {needsTotp && (
          <div className="field">
            <label htmlFor="login-totp">{t('login.totp')}</label>
            <input
              ref={totpRef}
              id="login-totp"
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={8}
              required
              aria-describedby="login-totp-hint"
              value={totp}
              onChange={(event) => setTotp(event.target.value)}
            />
            <p id="login-totp-hint" className="field__hint">
              {t('login.totpHint')}
            </p>
          </div>
        )}
        <FormError id="login-error" message={error} />
        <button type="submit" className="button button--primary button--block" disabled={busy || exchanging} data-testid="login-submit">
          {busy ? t('login.submitting') : exchanging ? t('login.ssoSigningIn') : t('login.submit')}
        </button>
      </form>
      {sso && (
        <p className="auth-alt">
          <span>{t('login.or')}</span>{' '}
          <a className="button button--block" href={`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnPath(location.state))}`} data-testid="login-sso">
            {t('login.sso')}
          </a>
        </p>
      )}
    </AuthCard>
  );
}
