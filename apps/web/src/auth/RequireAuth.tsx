import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { LoadingScreen } from '../components/LoadingScreen';
import { useAuth } from './auth-context';

export const CHANGE_PASSWORD_PATH = '/change-password';
export const ENROLL_TOTP_PATH = '/enroll-totp';

/** Where an account must go before anything else: a new password first, then a second factor. */
export function pendingStep(session: { mustChangePassword: boolean; mustEnrollTotp: boolean } | null): string | null {
  if (session?.mustChangePassword) return CHANGE_PASSWORD_PATH;
  if (session?.mustEnrollTotp) return ENROLL_TOTP_PATH;
  return null;
}

/** Gate for everything behind login; also holds accounts that must change their password or enrol TOTP. */
export function RequireAuth() {
  const { status, session } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <LoadingScreen />;
  if (status === 'signedOut') {
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  const step = pendingStep(session);
  if (step && location.pathname !== step) return <Navigate to={step} replace />;
  return <Outlet />;
}
