import { apiFetch } from './client';
import type { Assignment, AssignmentCreate, Paged, PermissionInfo, Role, RoleCreate, RoleUpdate } from './admin-types';
import { queryString } from './query';

export function fetchPermissions(signal?: AbortSignal): Promise<{ items: PermissionInfo[] }> {
  return apiFetch<{ items: PermissionInfo[] }>('/api/v1/permissions', { signal });
}

export function fetchRoles(signal?: AbortSignal): Promise<Paged<Role>> {
  return apiFetch<Paged<Role>>('/api/v1/roles', { signal });
}

export function createRole(body: RoleCreate): Promise<Role> {
  return apiFetch<Role>('/api/v1/roles', { method: 'POST', body });
}

export function updateRole(id: string, body: RoleUpdate): Promise<Role> {
  return apiFetch<Role>(`/api/v1/roles/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function deleteRole(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/roles/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function fetchAssignments(query: { userId?: string; roleId?: string; limit: number; offset: number }, signal?: AbortSignal): Promise<Paged<Assignment>> {
  return apiFetch<Paged<Assignment>>(`/api/v1/role-assignments${queryString({ ...query })}`, { signal });
}

export function createAssignment(body: AssignmentCreate): Promise<Assignment> {
  return apiFetch<Assignment>('/api/v1/role-assignments', { method: 'POST', body });
}

export function deleteAssignment(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/role-assignments/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
