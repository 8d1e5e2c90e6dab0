import { apiFetch } from './client';
import type { Paged, Session } from './admin-types';
import { queryString } from './query';

export function listSessions(query: { limit: number; offset: number }, signal?: AbortSignal): Promise<Paged<Session>> {
  return apiFetch<Paged<Session>>(`/api/v1/sessions${queryString({ ...query })}`, { signal });
}

export function endSession(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
