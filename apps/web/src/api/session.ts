/**
 * The signed-in session, kept in sessionStorage so it ends with the browser tab
 * and is never shared with other tabs or persisted to disk.
 */
export interface StoredSession {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  /** Administrators enrol an authenticator app (TOTP) before anything else. */
  mustEnrollTotp: boolean;
}

const KEY = 'zc.session';

export function readSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof value.token !== 'string' || value.token === '') return null;
    return {
      token: value.token,
      expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : '',
      mustChangePassword: value.mustChangePassword === true,
      mustEnrollTotp: value.mustEnrollTotp === true,
    };
  } catch {
    return null;
  }
}

export function writeSession(session: StoredSession): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

export function readToken(): string | null {
  return readSession()?.token ?? null;
}
