/** The browser's one door to the console API: JSON in, JSON out, failures as ApiError carrying the server's error kind. */
import type { ErrorObject } from './types';

export class ApiError extends Error {
  readonly error: ErrorObject;
  readonly httpStatus: number;

  constructor(error: ErrorObject, httpStatus: number) {
    super(error.message);
    this.name = 'ApiError';
    this.error = error;
    this.httpStatus = httpStatus;
  }
}

function isErrorObject(value: unknown): value is ErrorObject {
  const candidate = value as ErrorObject | null;
  return typeof candidate?.kind === 'string' && typeof candidate.message === 'string';
}

/** Accepts a thrown ApiError, a section's error object, or anything else thrown. */
export function toErrorObject(error: unknown): ErrorObject {
  if (error instanceof ApiError) return error.error;
  if (isErrorObject(error)) return error;
  if (error instanceof Error) return { kind: 'Internal', message: error.message };
  return { kind: 'Internal', message: String(error) };
}

export async function apiRequest<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown; csrfToken?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.csrfToken) headers['X-CSRF-Token'] = init.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (cause) {
    throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer: ${(cause as Error).message}` }, 0);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: ErrorObject } | undefined)?.error;
    throw new ApiError(
      error && typeof error.kind === 'string' ? error : { kind: 'Internal', message: `${response.status} ${response.statusText}`.trim() },
      response.status,
    );
  }
  return body as T;
}

/**
 * A refetchInterval that polls every `ms` until the console refuses the caller (401, 403):
 * asking again cannot change the answer until someone grants access or signs in.
 */
export function pollUnlessRefused(ms: number) {
  return (query: { state: { error: unknown } }): number | false => {
    const error = query.state.error;
    return error instanceof ApiError && (error.httpStatus === 401 || error.httpStatus === 403) ? false : ms;
  };
}
