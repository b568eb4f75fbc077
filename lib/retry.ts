/**
 * When to ask again after a failed read: capped exponential backoff with jitter, never sooner than
 * the server's Retry-After. Shared by the page's queries and its live streams.
 */

/** The error fields retrying looks at: a console error object, or the kind of a failure to reach the console. */
export interface RetryableError {
  kind: string;
  status?: { code?: number };
  retryAfterSeconds?: number;
}

export interface Backoff {
  /** The first delay before jitter. */
  baseMs: number;
  /** No delay grows past this (before Retry-After, which is always respected). */
  capMs: number;
}

/** 1 s, 2 s, 4 s … up to 30 s, each between half and all of that (jitter), as client-go's backoff managers grow. */
export const READ_BACKOFF: Backoff = { baseMs: 1_000, capMs: 30_000 };

/** A Retry-After past this is not waited for in the page; the user can still ask again. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Kinds that a later try may not repeat: the cluster, AWS or the console was unreachable, slow,
 * overloaded or restarting. A refusal (401, 403), a bad request or a missing object is final until
 * someone acts, so asking again would only repeat it.
 */
const TRANSIENT_KINDS = new Set([
  'ConsoleUnreachable',
  'ClusterUnreachable',
  'ClusterTimeout',
  'TLSError',
  'CredentialsPluginFailed',
  'Throttled',
  'TooManyRequests',
  'AwsUnreachable',
  'AwsCredentialsInvalid',
  'IssuerUnreachable',
  'QueryTimeout',
  'Unavailable',
]);

export function isTransient(error: RetryableError): boolean {
  if (TRANSIENT_KINDS.has(error.kind)) return true;
  // The API server's own 5xx (etcd leader change, webhook timeout) and 429 pass through as its Status.
  const code = error.status?.code;
  return error.kind === 'Status' && code !== undefined && (code >= 500 || code === 429);
}

/**
 * The delay before try `attempt + 1` (attempt 0 is the first retry): min(cap, base·2^attempt), scaled
 * by a jitter in [0.5, 1), and at least the server's Retry-After.
 */
export function retryDelayMs(attempt: number, error: Pick<RetryableError, 'retryAfterSeconds'> = {}, backoff = READ_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = Math.round(ceiling * (0.5 + random() / 2));
  const retryAfter = error.retryAfterSeconds;
  if (retryAfter === undefined || !Number.isFinite(retryAfter) || retryAfter <= 0) return jittered;
  return Math.max(jittered, Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS));
}
