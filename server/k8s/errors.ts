import 'server-only';
import { ConsoleError, consoleErrors, type KubeStatus, type TlsProblem } from '../errors';
import { ExecPluginError, pluginOutput } from './exec-credential';

/** Where a request went, for messages that say which cluster failed. */
export interface Endpoint {
  cluster: string;
  server: string;
  /** Whose credentials the request carried: a signed-in user's token, or the kubeconfig context's user. */
  credentials?: 'token' | 'kubeconfig';
}

/** Node's TLS verification codes, by what was wrong with the certificate the server presented. */
const TLS_PROBLEMS: Record<string, TlsProblem> = {
  CERT_HAS_EXPIRED: 'CertificateExpired',
  CERT_NOT_YET_VALID: 'CertificateExpired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'UnknownAuthority',
  SELF_SIGNED_CERT_IN_CHAIN: 'UnknownAuthority',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'UnknownAuthority',
  UNABLE_TO_GET_ISSUER_CERT: 'UnknownAuthority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'UnknownAuthority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'HostnameMismatch',
  HOSTNAME_MISMATCH: 'HostnameMismatch',
};

const TLS_CODES = new Set([...Object.keys(TLS_PROBLEMS), 'CERT_SIGNATURE_FAILURE', 'CERT_REVOKED', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'EPROTO']);

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

/** Which of the console's own timers ran out: reaching the server (TCP, then TLS) or its answer. */
export type TimeoutPhase = 'connect' | 'handshake' | 'response';

/** Thrown by the HTTP layer when the API server does not connect or answer in time. */
export class RequestTimeoutError extends Error {
  readonly code = 'WATCHDECK_TIMEOUT';
  constructor(
    readonly timeoutMs: number,
    readonly phase: TimeoutPhase = 'response',
  ) {
    super(`no answer within ${timeoutMs / 1000}s`);
  }
}

function isStatus(body: unknown): body is KubeStatus {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status' && typeof (body as { code?: unknown }).code === 'number';
}

/** Retry-After in whole seconds, as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // Each HTTP-date form starts with the day's name; Date.parse alone would read "-1" as a year.
  const at = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

type ResponseHeaders = Record<string, string | string[] | undefined>;

/**
 * A non-2xx answer: the API server's Status unchanged, with the same HTTP code; a 401 becomes
 * Unauthorized and a 429 Throttled, with when to ask again from Retry-After or the Status (a 5xx
 * keeps its Retry-After too).
 */
export function fromResponse(httpStatus: number, bodyText: string, endpoint: Endpoint, headers: ResponseHeaders = {}): ConsoleError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const retryAfter = retryAfterSeconds(headers['retry-after']);
  const status: KubeStatus = isStatus(body)
    ? body
    : {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: httpStatus,
        message: `the server at ${endpoint.server} answered ${httpStatus}${bodyText.trim() ? `: ${bodyText.trim().slice(0, 300)}` : ''}`,
        // As client-go makes a Status of a body that is not one (errors.NewGenericServerResponse).
        ...(httpStatus === 429 ? { reason: 'TooManyRequests' } : {}),
        ...(retryAfter !== undefined ? { details: { retryAfterSeconds: retryAfter } } : {}),
      };
  if (httpStatus === 401) {
    const message =
      endpoint.credentials === 'kubeconfig'
        ? `the API server of cluster "${endpoint.cluster}" rejected the credentials of the kubeconfig context's user`
        : 'the token was rejected or has expired; sign in again';
    return new ConsoleError('Unauthorized', 401, message, status);
  }
  const message = status.message ?? `the API server answered ${httpStatus}`;
  if (httpStatus === 429) {
    const after = retryAfter ?? status.details?.retryAfterSeconds;
    return new ConsoleError('Throttled', 429, message, status, undefined, undefined, { cluster: endpoint.cluster, ...(after !== undefined ? { retryAfterSeconds: after } : {}) });
  }
  // client-go waits for Retry-After on any 5xx too (rest.checkWait).
  const detail = httpStatus >= 500 && retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {};
  return new ConsoleError('Status', httpStatus, message, status, undefined, undefined, detail);
}

const PHASES: Record<TimeoutPhase, (where: string, seconds: string) => string> = {
  connect: (where, s) => `no connection to ${where} within ${s} s`,
  handshake: (where, s) => `no TLS handshake with ${where} within ${s} s`,
  response: (where, s) => `no answer from ${where} within ${s} s`,
};

/** A request that got no HTTP answer: unreachable server, the console's timeout, or a TLS failure. */
export function fromNetworkError(err: unknown, endpoint: Endpoint): ConsoleError {
  if (err instanceof ConsoleError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const where = `the API server of cluster "${endpoint.cluster}" at ${endpoint.server}`;
  const cluster = endpoint.cluster;
  if (err instanceof RequestTimeoutError) {
    const timeoutSeconds = err.timeoutMs / 1000;
    return new ConsoleError('ClusterTimeout', 504, PHASES[err.phase](where, String(timeoutSeconds)), undefined, undefined, undefined, { timeoutSeconds, cluster });
  }
  if (typeof code === 'string') {
    if (code in UNREACHABLE) {
      return new ConsoleError('ClusterUnreachable', 502, `cannot reach ${where}: ${UNREACHABLE[code]} (${code})`, undefined, undefined, undefined, { cluster });
    }
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT')) {
      const tls = TLS_PROBLEMS[code] ?? 'Other';
      return new ConsoleError('TLSError', 502, `TLS connection to ${where} failed: ${message} (${code})`, undefined, undefined, undefined, { tls, cluster });
    }
  }
  return consoleErrors.internal(`request to ${where} failed: ${message}`);
}

/**
 * A kubeconfig exec credential plugin (e.g. `aws eks get-token`) that could not run, failed, or
 * printed no ExecCredential: CredentialsPluginFailed with the plugin's own words, never its output.
 * The legacy auth-provider form still runs in client-node's ExecAuth, whose failures are read too.
 */
export function credentialsPluginFailed(err: unknown, endpoint: Endpoint, command: string): ConsoleError {
  const e = err as NodeJS.ErrnoException;
  const plugin = `the credentials plugin "${command}"`;
  let what: string;
  if (err instanceof ExecPluginError) {
    what = `${plugin} ${err.problem}`;
  } else if (typeof e?.syscall === 'string' && e.syscall.startsWith('spawn')) {
    what = e.code === 'ENOENT' ? `${plugin} was not found (ENOENT)` : `${plugin} cannot run (${e.code ?? e.message})`;
  } else if (err instanceof SyntaxError || err instanceof TypeError) {
    // The parser's message quotes the output, which may hold a credential.
    what = `${plugin} printed no ExecCredential (client.authentication.k8s.io) JSON`;
  } else {
    const stderr = pluginOutput(err instanceof Error ? err.message : String(err));
    what = stderr ? `${plugin} failed: ${stderr}` : `${plugin} failed and wrote nothing to stderr`;
  }
  return new ConsoleError('CredentialsPluginFailed', 502, `cannot get credentials for cluster "${endpoint.cluster}": ${what}`, undefined, undefined, undefined, { cluster: endpoint.cluster });
}

export function isForbidden(err: unknown): err is ConsoleError {
  return err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 403;
}
