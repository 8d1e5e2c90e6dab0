import { apiFetch } from './client';
import type { BoundaryCollection, DivisionList } from './types';

export function fetchBoundaries(level: 'prefecture' | 'county', signal?: AbortSignal): Promise<BoundaryCollection> {
  return apiFetch<BoundaryCollection>(`/api/v1/geo/boundaries?level=${level}`, { signal });
}

export function fetchDivisions(parentCode: string, signal?: AbortSignal): Promise<DivisionList> {
  return apiFetch<DivisionList>(`/api/v1/geo/divisions?parent=${encodeURIComponent(parentCode)}`, { signal });
}
