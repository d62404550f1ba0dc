// The HTTP client of the JSON API (docs/http.md), same origin as the page.
//
// - The session is the HttpOnly cookie the server sets at login; fetch sends
//   it (credentials: 'same-origin').
// - Every POST, PUT, PATCH and DELETE carries `X-Alley-Request: 1` (the server's
//   CSRF guard); a write of an existing object carries `If-Match: ETAG`.
// - Every error answer {"code", "message"} becomes an ApiError with the HTTP
//   status, the code and the server's message; a network failure is an
//   ApiError with status 0 and code "unavailable".
// - A 401 anywhere (but the login call itself) calls the handler set with
//   setUnauthorizedHandler: the app sends the user back to the login page.

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  // Seconds, from the Retry-After header (429), when the server sent one.
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  // The object's ETag, sent as If-Match (required by PATCH and DELETE).
  ifMatch?: string | null;
  // The login call: a 401 there is a wrong password, not an ended session.
  noAuthRedirect?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag: string | null;
}

let unauthorizedHandler: (() => void) | null = null;

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

// "/residents" + {q: "王", tag: ["a", "b"], page: 2} → "/api/v1/residents?q=%E7%8E%8B&tag=a&tag=b&page=2".
// Empty strings, null and undefined are left out.
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue;
      params.append(name, String(v));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (WRITE_METHODS.has(method)) headers['X-Alley-Request'] = '1';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError(0, 'unavailable', cause instanceof Error ? cause.message : String(cause));
  }

  const data = await readBody(response);
  if (!response.ok) {
    const error = data as { code?: unknown; message?: unknown } | null;
    const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
    const message =
      typeof error?.message === 'string' ? error.message : `${response.status} ${response.statusText}`;
    const retry = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    if (response.status === 401 && !options.noAuthRedirect) unauthorizedHandler?.();
    throw new ApiError(response.status, code, message, Number.isFinite(retry) ? retry : null);
  }
  return { status: response.status, data: data as T, etag: response.headers.get('ETag') };
}
