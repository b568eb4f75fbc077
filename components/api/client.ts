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

/**
 * How long the page waits for the console: a little longer than the console's own 30 s response timeout
 * for a call to the API server, so the console's typed error (ClusterTimeout) arrives first.
 */
export const REQUEST_TIMEOUT_MS = 35_000;

/** The console's error object, or for a body without one (a proxy in front of the console answering) what its status says. */
export function failureOf(response: Response, body: unknown): ErrorObject {
  const error = (body as { error?: ErrorObject } | undefined)?.error;
  const retryAfter = Number(response.headers.get('Retry-After') ?? undefined);
  if (error && typeof error.kind === 'string') {
    return error.retryAfterSeconds === undefined && retryAfter > 0 ? { ...error, retryAfterSeconds: retryAfter } : error;
  }
  const message = `${response.status} ${response.statusText}`.trim();
  // A load balancer's 502/503/504 means the console behind it did not answer; a later try may reach it.
  const kind = response.status === 502 || response.status === 503 || response.status === 504 ? 'ConsoleUnreachable' : 'Internal';
  return retryAfter > 0 ? { kind, message, retryAfterSeconds: retryAfter } : { kind, message };
}

/** failureOf for a response whose body has not been read: a stream's or a watch's error answer. */
export async function failureAnswer(response: Response): Promise<ErrorObject> {
  return failureOf(response, await response.json().catch(() => undefined));
}

export async function apiRequest<T>(
  path: string,
  init: {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    body?: unknown;
    csrfToken?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<T> {
  const timeoutMs = init.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.csrfToken) headers['X-CSRF-Token'] = init.csrfToken;
  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    if ((cause as Error).name === 'TimeoutError') {
      const seconds = Math.round(timeoutMs / 1000);
      throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer within ${seconds} s`, timeoutSeconds: seconds }, 0);
    }
    throw new ApiError({ kind: 'ConsoleUnreachable', message: `Watchdeck did not answer: ${(cause as Error).message}` }, 0);
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new ApiError(failureOf(response, body), response.status);
  return body as T;
}

/**
 * A refetchInterval that polls every `ms` while the last read succeeded. A failed read stops the
 * interval: a refusal (401, 403) cannot change until someone acts, and a failure that may pass is
 * asked again by the retry scheduler, with backoff instead of at the polling pace.
 */
export function pollWhileHealthy(ms: number) {
  return (query: { state: { status: string } }): number | false => (query.state.status === 'error' ? false : ms);
}

/** A page polls what it shows; a dashboard widget reads on the dashboard's refresh instead (`poll: false`). */
export interface ReadOptions {
  poll?: boolean;
}

/** The query's options, without its polling when `read` says not to poll. */
export function withPolling<T extends object>(options: T, read: ReadOptions | undefined): T {
  return read?.poll === false ? { ...options, refetchInterval: false } : options;
}
