import { ApiError, CLIENT_ERROR_CODES, parseProblem } from './api-error';
import { clearSession, readToken } from './session';

export { ApiError, isApiError } from './api-error';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON; a Blob (a chosen file) is sent as it is, typed by `contentType`. */
  body?: unknown;
  /** The Content-Type of a Blob body (default: the Blob's own type). */
  contentType?: string;
  signal?: AbortSignal;
  /**
   * Whether a 401 ends the session and sends the user to the login page.
   * Off for the login call itself, where 401 means "wrong credentials".
   */
  endSessionOn401?: boolean;
}

type UnauthorizedHandler = () => void;

let onUnauthorized: UnauthorizedHandler = () => {
  window.location.assign('/login');
};

/** The auth provider installs a handler that clears its state and routes to /login. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

/**
 * Calls the platform API and returns the parsed JSON body (undefined for 204).
 *
 * @example
 * const me = await apiFetch<CurrentUser>('/api/v1/auth/me');
 * @throws ApiError with the problem's `code` on any non-2xx answer or network failure.
 */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers = new Headers({ Accept: 'application/json, application/problem+json' });
  const token = readToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body: string | Blob | undefined;
  if (options.body instanceof Blob) {
    headers.set('Content-Type', options.contentType ?? (options.body.type || 'application/octet-stream'));
    body = options.body;
  } else if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { code: CLIENT_ERROR_CODES.network });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  const error = new ApiError(response.status, parseProblem(await readJson(response)));
  if (response.status === 401 && options.endSessionOn401 !== false && token) {
    clearSession();
    onUnauthorized();
  }
  throw error;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}
