import type { FieldError, ProblemDetails } from './types';

/** Codes the client itself produces when there is no problem document to read. */
export const CLIENT_ERROR_CODES = {
  network: 'ERR_NETWORK',
  unknown: 'ERR_UNKNOWN',
} as const;

/**
 * An API failure, built from an RFC 7807 problem document.
 * `code` is the server's stable `ERR_<MODULE>_<REASON>`; the UI translates it
 * with the `errors.<code>` keys.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly type: string | undefined;
  /** Per-field messages of a validation problem (`errors[].path`, e.g. `body/username`). */
  readonly fieldErrors: FieldError[];

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? problem.code ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? codeForStatus(status);
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.fieldErrors = problem.errors ?? [];
  }
}

/** A fallback code when a response carries no problem document (a proxy error page…). */
function codeForStatus(status: number): string {
  if (status === 0) return CLIENT_ERROR_CODES.network;
  if (status === 401) return 'ERR_AUTH_UNAUTHENTICATED';
  if (status === 403) return 'ERR_FORBIDDEN';
  if (status === 404) return 'ERR_NOT_FOUND';
  if (status === 429) return 'ERR_RATE_LIMITED';
  if (status >= 500) return 'ERR_SERVER';
  return CLIENT_ERROR_CODES.unknown;
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function parseProblem(body: unknown): ProblemDetails {
  if (typeof body !== 'object' || body === null) return {};
  const source = body as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof source[key] === 'string' ? (source[key] as string) : undefined;
  return {
    type: text('type'),
    title: text('title'),
    status: typeof source.status === 'number' ? source.status : undefined,
    code: text('code'),
    detail: text('detail'),
    instance: text('instance'),
    errors: fieldErrors(source.errors),
  };
}

function fieldErrors(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: FieldError[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as Record<string, unknown>;
    if (typeof path === 'string' && typeof message === 'string') out.push({ path, message });
  }
  return out;
}
