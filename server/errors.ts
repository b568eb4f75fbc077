import 'server-only';

/** metav1.Status as the API server sends it. */
export interface KubeStatus {
  kind?: 'Status';
  apiVersion?: string;
  metadata?: Record<string, unknown>;
  status?: string;
  code: number;
  reason?: string;
  message?: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
    retryAfterSeconds?: number;
  };
}

export type ErrorKind =
  | 'Status'
  | 'ClusterUnreachable'
  /** The API server accepted the connection but did not answer within the console's own timeout for the call. */
  | 'ClusterTimeout'
  | 'TLSError'
  /** A kubeconfig exec credential plugin (e.g. `aws eks get-token`) failed or returned no usable credential. */
  | 'CredentialsPluginFailed'
  /** The API server (429) or AWS (ThrottlingException, LimitExceededException) asked to slow down. */
  | 'Throttled'
  | 'Unauthorized'
  | 'KubeconfigInvalid'
  | 'BadRequest'
  | 'PayloadTooLarge'
  | 'URITooLong'
  | 'NotFound'
  | 'Forbidden'
  | 'Conflict'
  | 'PreconditionRequired'
  | 'TooManyRequests'
  | 'CsrfRejected'
  | 'SignInRequired'
  | 'SessionExpired'
  | 'IssuerUnreachable'
  | 'DiscoveryInvalid'
  | 'StateMismatch'
  | 'NonceMismatch'
  | 'ClockSkew'
  | 'ProviderError'
  | 'ProxyHeadersMissing'
  | 'AwsNotConfigured'
  | 'AwsUnreachable'
  /** AWS refused Watchdeck's own credentials: expired, unknown or missing. */
  | 'AwsCredentialsInvalid'
  | 'AwsError'
  | 'QueryTimeout'
  /** This console replica is shutting down; another one answers the same request. */
  | 'Unavailable'
  | 'Internal';

/** The `error` object of every non-2xx console API body. */
export interface ErrorObject {
  kind: ErrorKind;
  message: string;
  status?: KubeStatus;
  /** An AWS service's error: its name (e.g. MalformedQueryException) and modelled members. */
  aws?: AwsErrorDetails;
  /** TooManyRequests: the most allowed at once, how many the caller holds, and when to ask again (also the Retry-After header). */
  limit?: { max: number; held: number };
  retryAfterSeconds?: number;
  /** TLSError: what was wrong with the connection's certificate. */
  tls?: TlsProblem;
  /** ClusterTimeout: the console's timeout for the call that got no answer. */
  timeoutSeconds?: number;
  /** The kubeconfig cluster (context's cluster name) the failed call went to, for errors about reaching it. */
  cluster?: string;
  /** The API server's 403: every verb the refused page needs on that resource, e.g. list and watch for a live list. */
  needed?: string[];
}

export type TlsProblem = 'CertificateExpired' | 'UnknownAuthority' | 'HostnameMismatch' | 'Other';

/** The optional fields an error carries besides kind, status and message (see ErrorObject). */
export type ErrorDetail = Pick<ErrorObject, 'retryAfterSeconds' | 'tls' | 'timeoutSeconds' | 'cluster' | 'needed'>;

/**
 * The body of a console API 403 caused by the API server's Forbidden: its code, reason and exact
 * message, the permission it says is missing (null when the refusal is not RBAC's, e.g. an
 * admission plugin's), and the usual `error` object.
 */
export interface ForbiddenBody {
  code: 403;
  reason: string;
  message: string;
  missing: { verb: string; resource: string; subresource: string; group: string; namespace: string; name: string; path?: string; needed?: string[] } | null;
  error: ErrorObject;
}

export interface AwsErrorDetails {
  name: string;
  /** The HTTP status AWS answered with. */
  httpStatus?: number;
  requestId?: string;
  /** Modelled members besides the message, e.g. `queryCompileError` with its location. */
  members?: Record<string, unknown>;
}

/** An error with a kind and the HTTP status the console API answers with. */
export class ConsoleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly httpStatus: number,
    message: string,
    readonly status?: KubeStatus,
    readonly aws?: AwsErrorDetails,
    readonly limit?: { max: number; held: number; retryAfterSeconds: number },
    readonly detail: ErrorDetail = {},
  ) {
    super(message);
  }

  toJSON(): ErrorObject {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.status ? { status: this.status } : {}),
      ...(this.aws ? { aws: this.aws } : {}),
      ...(this.limit ? { limit: { max: this.limit.max, held: this.limit.held }, retryAfterSeconds: this.limit.retryAfterSeconds } : {}),
      ...this.detail,
    };
  }
}

export const consoleErrors = {
  badRequest: (message: string) => new ConsoleError('BadRequest', 400, message),
  payloadTooLarge: (message: string) => new ConsoleError('PayloadTooLarge', 413, message),
  uriTooLong: (message: string) => new ConsoleError('URITooLong', 414, message),
  notFound: (message: string) => new ConsoleError('NotFound', 404, message),
  csrfRejected: (message: string) => new ConsoleError('CsrfRejected', 403, message),
  signInRequired: () => new ConsoleError('SignInRequired', 401, 'sign in to continue'),
  /** The OpenID provider would not renew the session's ID token: the browser must sign in again. */
  sessionExpired: (message: string) => new ConsoleError('SessionExpired', 401, message),
  proxyHeadersMissing: (message: string) => new ConsoleError('ProxyHeadersMissing', 401, message),
  unauthorized: (message = 'the token was rejected or has expired; sign in again') => new ConsoleError('Unauthorized', 401, message),
  internal: (message = 'internal error') => new ConsoleError('Internal', 500, message),
  tooManyRequests: (message: string, limit: { max: number; held: number; retryAfterSeconds: number }) => new ConsoleError('TooManyRequests', 429, message, undefined, undefined, limit),
  /** A refusal the console makes after asking the API server (a SelfSubjectAccessReview), as a Forbidden Status worded as RBAC's so its 403 names `missing`. */
  reviewedForbidden: (message: string, details: NonNullable<KubeStatus['details']>) =>
    new ConsoleError('Status', 403, message, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 }),
};

/** The verbs a live list needs: the listing, then the watch that keeps it current. */
export const LIVE_LIST_VERBS = ['list', 'watch'];

/** Runs `work`; the API server's 403 from it says which verbs the page needs, so the grant suggested for it makes the page work. */
export async function needing<T>(verbs: string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof ConsoleError) || err.kind !== 'Status' || err.httpStatus !== 403) throw err;
    throw new ConsoleError(err.kind, err.httpStatus, err.message, err.status, err.aws, err.limit, { ...err.detail, needed: verbs });
  }
}
