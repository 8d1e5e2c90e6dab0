import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { fetchCurrentUser, logout } from '../api/auth';
import { setUnauthorizedHandler } from '../api/client';
import { clearSession, readSession, writeSession } from '../api/session';
import type { StoredSession } from '../api/session';
import type { CurrentUser, LoginResponse } from '../api/types';
import { AuthContext } from './auth-context';
import type { AuthState, AuthStatus } from './auth-context';

/** The server's word on what the account must do first wins over what the tab remembered. */
function withAccountState(session: StoredSession, me: CurrentUser): StoredSession {
  const next = {
    ...session,
    mustChangePassword: me.mustChangePassword ?? session.mustChangePassword,
    mustEnrollTotp: me.mustEnrollTotp ?? session.mustEnrollTotp,
  };
  if (next.mustChangePassword === session.mustChangePassword && next.mustEnrollTotp === session.mustEnrollTotp) return session;
  writeSession(next);
  return next;
}

/** Holds the signed-in user; restores it from sessionStorage on reload. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [session, setSession] = useState<StoredSession | null>(() => readSession());
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [status, setStatus] = useState<AuthStatus>(() => (readSession() ? 'loading' : 'signedOut'));
  const [expired, setExpired] = useState(false);

  const forget = useCallback(() => {
    clearSession();
    setSession(null);
    setUser(null);
    setStatus('signedOut');
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      forget();
      setExpired(true);
      void navigate('/login', { replace: true });
    });
  }, [forget, navigate]);

  // A reload keeps the token (sessionStorage) but not the user: fetch it again.
  useEffect(() => {
    if (status !== 'loading') return;
    const controller = new AbortController();
    fetchCurrentUser(controller.signal)
      .then((me) => {
        setSession((current) => (current ? withAccountState(current, me) : current));
        setUser(me);
        setStatus('signedIn');
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        console.warn('Could not restore the session', error);
        forget();
      });
    return () => controller.abort();
  }, [status, forget]);

  const completeLogin = useCallback(async (response: LoginResponse) => {
    const next: StoredSession = {
      token: response.token,
      expiresAt: response.expiresAt,
      mustChangePassword: response.mustChangePassword === true,
      mustEnrollTotp: response.mustEnrollTotp === true,
    };
    writeSession(next);
    try {
      const me = await fetchCurrentUser();
      setSession(next);
      setUser(me);
      setExpired(false);
      setStatus('signedIn');
      return me;
    } catch (error) {
      clearSession();
      throw error;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch (error) {
      // The token is dropped either way; the server's copy expires on its own.
      console.warn('Logout call failed', error);
    }
    forget();
    setExpired(false);
    void navigate('/login', { replace: true });
  }, [forget, navigate]);

  const updateSession = useCallback((change: Partial<StoredSession>) => {
    setSession((current) => {
      if (!current) return current;
      const next = { ...current, ...change };
      writeSession(next);
      return next;
    });
  }, []);
  const passwordChanged = useCallback(() => updateSession({ mustChangePassword: false }), [updateSession]);
  const totpEnrolled = useCallback(() => updateSession({ mustEnrollTotp: false }), [updateSession]);

  const value = useMemo<AuthState>(
    () => ({ status, user, session, expired, completeLogin, signOut, passwordChanged, totpEnrolled }),
    [status, user, session, expired, completeLogin, signOut, passwordChanged, totpEnrolled],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
