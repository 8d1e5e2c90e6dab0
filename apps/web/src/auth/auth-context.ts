import { createContext, useContext } from 'react';
import type { CurrentUser, LoginResponse } from '../api/types';
import type { StoredSession } from '../api/session';

export type AuthStatus = 'loading' | 'signedOut' | 'signedIn';

export interface AuthState {
  status: AuthStatus;
  user: CurrentUser | null;
  session: StoredSession | null;
  /** True when the last session ended because the server refused the token. */
  expired: boolean;
  /** Stores the token from `POST /auth/login` and loads the user. */
  completeLogin: (response: LoginResponse) => Promise<CurrentUser>;
  /** Calls `POST /auth/logout` (best effort) and forgets the session. */
  signOut: () => Promise<void>;
  passwordChanged: () => void;
  totpEnrolled: () => void;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
