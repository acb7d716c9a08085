/**
 * The typed fetch wrapper every API call goes through.
 *
 * - Cookies are sent same-origin only; bodies are JSON.
 * - Every write carries `X-CSRF-Token`, taken from the last Session the server gave us (loaded
 *   from GET /api/auth/session when we have none yet). A `csrf_failed` answer reloads the token
 *   and retries once, which covers a session that was replaced in another tab.
 * - Failures become an `ApiError` (see errors.ts); nothing else is thrown.
 */
import { ApiError, errorFromResponse, networkError } from './errors';
import { apiErrorWords } from './errors.messages';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const WRITE_METHODS: ReadonlySet<Method> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

let csrfToken: string | null = null;
/** Who the CSRF token belongs to (`u:<user id>` / `g:<guest id>`), so a retry cannot change hands. */
let identity: string | null = null;
let csrfLoading: Promise<void> | null = null;
let onUnauthenticated: ((error: ApiError) => void) | null = null;

/** Remember the CSRF token of the current session (call with every Session received). */
export function setCsrfToken(token: string | null, who: string | null = identity): void {
  csrfToken = token;
  identity = who;
}

interface SessionIds {
  csrf_token: string | null;
  user?: { id: string } | null;
  guest?: { id: string } | null;
}

export function identityOf(session: SessionIds): string | null {
  if (session.user) return `u:${session.user.id}`;
  if (session.guest) return `g:${session.guest.id}`;
  return null;
}

/** Called when the server says our session is gone (401 `unauthenticated`) on a later call. */
export function setUnauthenticatedHandler(handler: ((error: ApiError) => void) | null): void {
  onUnauthenticated = handler;
}

async function loadCsrfToken(): Promise<void> {
  csrfLoading ??= (async () => {
    try {
      const session = await send<SessionIds>('GET', '/api/auth/session');
      csrfToken = session.csrf_token;
      identity = identityOf(session);
    } finally {
      csrfLoading = null;
    }
  })();
  return csrfLoading;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const isWrite = WRITE_METHODS.has(method);
  if (isWrite && csrfToken === null) await loadCsrfToken();
  try {
    return await send<T>(method, path, body, options);
  } catch (error) {
    if (isWrite && error instanceof ApiError && error.code === 'csrf_failed') {
      const before = identity;
      await loadCsrfToken();
      // Only resend as the same person: another tab may have signed out or switched accounts.
      if (before !== identity || identity === null) {
        throw new ApiError(403, 'session_changed', apiErrorWords.get().sessionChanged);
      }
      return send<T>(method, path, body, options);
    }
    if (error instanceof ApiError && error.code === 'unauthenticated') onUnauthenticated?.(error);
    throw error;
  }
}

async function send<T>(
  method: Method,
  path: string,
  body: unknown = undefined,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITE_METHODS.has(method) && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }

  const parsed = await readBody(response);
  if (!response.ok) throw errorFromResponse(response.status, parsed);
  return parsed as T;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string, body?: unknown) => request<void>('DELETE', path, body),
};

/** Encode one path segment (ids are opaque strings, tokens are URL-safe but be strict anyway). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
