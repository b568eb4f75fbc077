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
  | 'TLSError'
  | 'Unauthorized'
  | 'KubeconfigInvalid'
  | 'BadRequest'
  | 'NotFound'
  | 'CsrfRejected'
  | 'SignInRequired'
  | 'ProxyHeadersMissing'
  | 'Internal';

/** The `error` object of every non-2xx console API body. */
export interface ErrorObject {
  kind: ErrorKind;
  message: string;
  status?: KubeStatus;
}

/** An error with a kind and the HTTP status the console API answers with. */
export class ConsoleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly httpStatus: number,
    message: string,
    readonly status?: KubeStatus,
  ) {
    super(message);
  }

  toJSON(): ErrorObject {
    return { kind: this.kind, message: this.message, ...(this.status ? { status: this.status } : {}) };
  }
}

export const consoleErrors = {
  badRequest: (message: string) => new ConsoleError('BadRequest', 400, message),
  notFound: (message: string) => new ConsoleError('NotFound', 404, message),
  csrfRejected: (message: string) => new ConsoleError('CsrfRejected', 403, message),
  signInRequired: () => new ConsoleError('SignInRequired', 401, 'sign in to continue'),
  proxyHeadersMissing: (message: string) => new ConsoleError('ProxyHeadersMissing', 401, message),
  unauthorized: (message = 'the token was rejected or has expired; sign in again') =>
    new ConsoleError('Unauthorized', 401, message),
  internal: (message = 'internal error') => new ConsoleError('Internal', 500, message),
};
