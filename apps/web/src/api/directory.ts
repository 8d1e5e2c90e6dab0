import { apiFetch } from './client';
import type { Paged } from './admin-types';
import { queryString } from './query';

/** A colleague as GET /api/v1/users/directory shows one: name and department, nothing else. */
export interface Colleague {
  id: string;
  displayName: string;
  departmentId: string | null;
  departmentName: string | null;
  divisionCode: string | null;
}

export interface DirectoryQuery {
  q?: string;
  ids?: string;
  department?: string;
  limit?: number;
  offset?: number;
}

export function listColleagues(query: DirectoryQuery, signal?: AbortSignal): Promise<Paged<Colleague>> {
  return apiFetch<Paged<Colleague>>(`/api/v1/users/directory${queryString({ ...query })}`, { signal });
}
