import { ApiError, parseProblem } from './api-error';
import { apiFetch } from './client';
import type { HealthReport, SystemInfo } from './types';

/** `GET /api/v1/system/info` (public: the login page shows the city too). */
export function fetchSystemInfo(signal?: AbortSignal): Promise<SystemInfo> {
  return apiFetch<SystemInfo>('/api/v1/system/info', { signal, endSessionOn401: false });
}

/** `GET /healthz` answers 503 with the same document when degraded or down. */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthReport> {
  let response: Response;
  try {
    response = await fetch('/healthz', { signal, headers: { Accept: 'application/json' } });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, {});
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's error page. Reported below by status.
  }
  if (!isRecord(body) || typeof body.status !== 'string' || !isRecord(body.checks)) {
    throw new ApiError(response.status, parseProblem(body));
  }
  return body as unknown as HealthReport;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
