import { apiFetch } from './client';
import type { Department, DepartmentCreate, DepartmentNode, DepartmentUpdate, Paged } from './admin-types';
import { queryString } from './query';

const base = '/api/v1/departments';
const PAGE = 500;

/** The active departments as a tree (`GET /departments/tree` leaves disabled ones out). */
export async function fetchDepartmentTree(signal?: AbortSignal): Promise<DepartmentNode[]> {
  return (await apiFetch<{ items: DepartmentNode[] }>(`${base}/tree`, { signal })).items;
}

/** Every department, disabled ones included, page by page (the server's limit is 500). */
export async function fetchAllDepartments(signal?: AbortSignal): Promise<Department[]> {
  const all: Department[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await apiFetch<Paged<Department>>(`${base}${queryString({ includeDisabled: true, limit: PAGE, offset })}`, { signal });
    all.push(...page.items);
    if (page.items.length < PAGE || all.length >= page.total) return all;
  }
}

export function createDepartment(body: DepartmentCreate): Promise<Department> {
  return apiFetch<Department>(base, { method: 'POST', body });
}

export function updateDepartment(id: string, body: DepartmentUpdate): Promise<Department> {
  return apiFetch<Department>(`${base}/${encodeURIComponent(id)}`, { method: 'PATCH', body });
}

export function setDepartmentEnabled(id: string, enabled: boolean): Promise<Department> {
  return apiFetch<Department>(`${base}/${encodeURIComponent(id)}/${enabled ? 'enable' : 'disable'}`, { method: 'POST' });
}
