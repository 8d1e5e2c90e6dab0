import { ApiError, parseProblem } from './api-error';
import { apiFetch } from './client';
import type { AuditFilter, AuditRecord, Paged, VerifyResult } from './admin-types';
import { queryString } from './query';
import { readToken } from './session';

export function listAudit(filter: AuditFilter, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<Paged<AuditRecord>> {
  return apiFetch<Paged<AuditRecord>>(`/api/v1/audit${queryString({ ...filter, ...page })}`, { signal });
}

export function verifyAudit(): Promise<VerifyResult> {
  return apiFetch<VerifyResult>('/api/v1/audit/verify');
}

export interface ExportFile {
  blob: Blob;
  filename: string;
}

/**
 * `GET /api/v1/audit/export` through fetch with the Bearer header, so the token never
 * appears in a URL (history, logs, Referer). The caller offers the Blob as a download.
 */
export async function exportAudit(filter: AuditFilter, format: 'csv' | 'json'): Promise<ExportFile> {
  const headers = new Headers({ Accept: format === 'csv' ? 'text/csv' : 'application/json' });
  const token = readToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(`/api/v1/audit/export${queryString({ ...filter, format })}`, { headers });
  } catch {
    throw new ApiError(0, {});
  }
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not a problem document
    }
    throw new ApiError(response.status, parseProblem(body));
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const filename = match?.[1] ?? `zhicheng-audit.${format}`;
  return { blob: await response.blob(), filename };
}
