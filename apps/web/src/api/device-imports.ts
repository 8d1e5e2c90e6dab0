/**
 * Bulk provisioning from a CSV or XLSX file (packages/devices/src/routes/import-routes.ts):
 * the file is the request body, the answer a job to poll; generated tokens are handed out once.
 */
import { apiFetch } from './client';
import { queryString } from './query';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One refused row: `row` counts the header as row 1; `message` starts with the column (`profileId: …`). */
export interface ImportRowError {
  row: number;
  id: string | null;
  /** Stable reason (jobs made before the server gave one have none). */
  code?: string;
  /** The column at fault; null when the row as a whole is; absent on older jobs. */
  column?: string | null;
  message: string;
}

export interface ImportJob {
  id: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  /** The first 1000 refused rows. */
  errors: ImportRowError[];
  createdAt: string;
  finishedAt: string | null;
}

export interface ImportCredential {
  id: string;
  token: string;
}

/**
 * The Content-Type by the file's extension: browsers type a .csv as `application/vnd.ms-excel`
 * on some systems, which the server does not parse. The server recognises XLSX by its bytes too.
 */
export function importContentType(fileName: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return XLSX_TYPE;
  if (lower.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

/** 400 `ERR_DEVICES_IMPORT_INVALID` when the header is wrong; the rows are checked by the job. */
export function startDeviceImport(file: File): Promise<ImportJob> {
  return apiFetch<ImportJob>(`/api/v1/devices/imports${queryString({ fileName: file.name.slice(0, 200) })}`, {
    method: 'POST',
    body: file,
    contentType: importContentType(file.name),
  });
}

export function getDeviceImport(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return apiFetch<ImportJob>(`/api/v1/devices/imports/${encodeURIComponent(id)}`, { signal });
}

/** Once: a second call answers 410 `ERR_DEVICES_IMPORT_CREDENTIALS_GONE`. */
export function takeImportCredentials(id: string): Promise<{ items: ImportCredential[] }> {
  return apiFetch<{ items: ImportCredential[] }>(`/api/v1/devices/imports/${encodeURIComponent(id)}/credentials`, { method: 'POST' });
}
