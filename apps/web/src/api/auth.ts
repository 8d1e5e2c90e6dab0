import { apiFetch } from './client';
import type { ChangePasswordRequest, CurrentUser, LoginRequest, LoginResponse, TotpEnrolment } from './types';

export function login(request: LoginRequest): Promise<LoginResponse> {
  return apiFetch<LoginResponse>('/api/v1/auth/login', { method: 'POST', body: request, endSessionOn401: false });
}

export function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser> {
  return apiFetch<CurrentUser>('/api/v1/auth/me', { signal });
}

export function logout(): Promise<void> {
  return apiFetch<void>('/api/v1/auth/logout', { method: 'POST', endSessionOn401: false });
}

/** A wrong current password answers 401 too: that must not end the session. */
export function changePassword(request: ChangePasswordRequest): Promise<void> {
  return apiFetch<void>('/api/v1/auth/password', { method: 'POST', body: request, endSessionOn401: false });
}

export function startTotpEnrolment(): Promise<TotpEnrolment> {
  return apiFetch<TotpEnrolment>('/api/v1/auth/totp/enroll', { method: 'POST' });
}

export function confirmTotpEnrolment(code: string): Promise<void> {
  return apiFetch<void>('/api/v1/auth/totp/confirm', { method: 'POST', body: { code } });
}

/** Whether single sign-on is configured (public). */
export function authMethods(): Promise<{ password: boolean; oidc: boolean }> {
  return apiFetch<{ password: boolean; oidc: boolean }>('/api/v1/auth/methods', { endSessionOn401: false });
}

/** Trades the one-time code of the single sign-on redirect (`/login#oidcCode=…`) for a session. */
export function exchangeOidcCode(code: string): Promise<LoginResponse> {
  return apiFetch<LoginResponse>('/api/v1/auth/oidc/exchange', { method: 'POST', body: { code }, endSessionOn401: false });
}
