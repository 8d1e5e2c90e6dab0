import { apiFetch } from './client';
import type { ApiKey, ApiKeyCreate, ApiKeyCreated, Paged } from './admin-types';
import { queryString } from './query';

export function listApiKeys(query: { includeRevoked: boolean; limit: number; offset: number }, signal?: AbortSignal): Promise<Paged<ApiKey>> {
  return apiFetch<Paged<ApiKey>>(`/api/v1/api-keys${queryString({ ...query })}`, { signal });
}

export function createApiKey(body: ApiKeyCreate): Promise<ApiKeyCreated> {
  return apiFetch<ApiKeyCreated>('/api/v1/api-keys', { method: 'POST', body });
}

export function revokeApiKey(id: string): Promise<ApiKey> {
  return apiFetch<ApiKey>(`/api/v1/api-keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
}
