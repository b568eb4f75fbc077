import 'server-only';
import { ConsoleError, consoleErrors, type KubeStatus } from '../errors';

/** Where a request went, for messages that say which cluster failed. */
export interface Endpoint {
  cluster: string;
  server: string;
  /** Whose credentials the request carried: a signed-in user's token, or the kubeconfig context's user. */
  credentials?: 'token' | 'kubeconfig';
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  ECONNABORTED: 'connection aborted',
};

/** Thrown by the HTTP layer when the API server does not answer in time. */
export class RequestTimeoutError extends Error {
  readonly code = 'WATCHDECK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000}s`);
  }
}

function isStatus(body: unknown): body is KubeStatus {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { kind?: unknown }).kind === 'Status' &&
    typeof (body as { code?: unknown }).code === 'number'
  );
}

/** A non-2xx answer: the API server's Status unchanged, with the same HTTP code; a 401 becomes Unauthorized. */
export function fromResponse(httpStatus: number, bodyText: string, endpoint: Endpoint): ConsoleError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const status: KubeStatus = isStatus(body)
    ? body
    : {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: httpStatus,
        message: `the server at ${endpoint.server} answered ${httpStatus}${bodyText.trim() ? `: ${bodyText.trim().slice(0, 300)}` : ''}`,
      };
  if (httpStatus === 401) {
    const message =
      endpoint.credentials === 'kubeconfig'
        ? `the API server of cluster "${endpoint.cluster}" rejected the credentials of the kubeconfig context's user`
        : 'the token was rejected or has expired; sign in again';
    return new ConsoleError('Unauthorized', 401, message, status);
  }
  return new ConsoleError('Status', httpStatus, status.message ?? `the API server answered ${httpStatus}`, status);
}

/** A request that got no HTTP answer: unreachable server, TLS failure, or a credential that could not be obtained. */
export function fromNetworkError(err: unknown, endpoint: Endpoint): ConsoleError {
  if (err instanceof ConsoleError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const where = `the API server of cluster "${endpoint.cluster}" at ${endpoint.server}`;
  if (err instanceof RequestTimeoutError) {
    return new ConsoleError('ClusterUnreachable', 502, `cannot reach ${where}: ${message}`);
  }
  if (typeof code === 'string') {
    if (code in UNREACHABLE) {
      return new ConsoleError('ClusterUnreachable', 502, `cannot reach ${where}: ${UNREACHABLE[code]} (${code})`);
    }
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT')) {
      return new ConsoleError('TLSError', 502, `TLS connection to ${where} failed: ${message} (${code})`);
    }
  }
  return consoleErrors.internal(`request to ${where} failed: ${message}`);
}

export function isForbidden(err: unknown): err is ConsoleError {
  return err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 403;
}
