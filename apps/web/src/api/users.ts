import { apiFetch } from './client';
import type { OneTimePassword, Paged, User, UserCreate, UserCreated, UserQuery, UserUpdate } from './admin-types';
import { queryString } from './query';

const base = '/api/v1/users';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export function listUsers(query: UserQuery, signal?: AbortSignal): Promise<Paged<User>> {
  return apiFetch<Paged<User>>(`${base}${queryString({ ...query })}`, { signal });
}

export function createUser(body: UserCreate): Promise<UserCreated> {
  return apiFetch<UserCreated>(base, { method: 'POST', body });
}

export function updateUser(id: string, body: UserUpdate): Promise<User> {
  return apiFetch<User>(one(id), { method: 'PATCH', body });
}

export function setUserEnabled(id: string, enabled: boolean): Promise<User> {
  return apiFetch<User>(`${one(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });
}

export function resetPassword(id: string): Promise<OneTimePassword> {
  return apiFetch<OneTimePassword>(`${one(id)}/reset-password`, { method: 'POST' });
}

export function unlockUser(id: string): Promise<User> {
  return apiFetch<User>(`${one(id)}/unlock`, { method: 'POST' });
}

/** Needs security:manage (the security administrator), not users:manage. */
export function resetSecondFactor(id: string): Promise<void> {
  return apiFetch<void>(`${one(id)}/reset-second-factor`, { method: 'POST' });
}
