import 'server-only';
import { ConsoleError, type AwsErrorDetails } from '../errors';

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
/** Members of SDK exceptions that are not the service's modelled members. */
const SDK_KEYS = new Set(['name', 'message', 'stack', '$fault', '$metadata', '$response', '$retryable', '$service', 'Message', '__type', 'cause']);

/** AWS asking to slow down: a rate quota (JSON and query protocols' names) or, for Logs Insights, the concurrent-query quota. */
const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'LimitExceededException', 'TooManyRequestsException', 'RequestLimitExceeded']);

/** AWS refusing Watchdeck's own credentials: expired, unknown, or signed with the wrong secret. */
const CREDENTIALS_REFUSED = new Set(['ExpiredTokenException', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch']);

/**
 * When a throttled call may be tried again. AWS sends no Retry-After, and the SDK has already
 * spent its three tries on it, backing off up to 1 s and then 2 s (its 1 s throttling base,
 * doubling); 5 s lies past the 4 s its next step could wait, and AWS's per-second rate quotas
 * have refilled several times by then.
 */
export const AWS_THROTTLED_RETRY_AFTER_SECONDS = 5;

/**
 * An AWS SDK failure as a console error: the service's error name and message kept for the
 * page, an unreachable endpoint, throttling and refused credentials told apart. Undefined for
 * anything that is not an AWS error.
 */
export function awsConsoleError(err: unknown): ConsoleError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as SdkError;
  if (e.name === 'CredentialsProviderError') {
    return new ConsoleError('AwsCredentialsInvalid', 502, `${e.name}: ${e.message ?? ''}`.trim());
  }
  if (e.name === 'TimeoutError' && e.$metadata) {
    return new ConsoleError('AwsUnreachable', 502, `the AWS endpoint gave no answer in time (TimeoutError): ${e.message ?? ''}`.trim());
  }
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new ConsoleError('AwsUnreachable', 502, `the AWS endpoint cannot be reached (${e.code}): ${e.message ?? ''}`.trim());
  }
  if (!e.$metadata || !e.name) return undefined;
  const httpStatus = e.$metadata.httpStatusCode;
  const members = Object.fromEntries(Object.entries(err).filter(([k]) => !SDK_KEYS.has(k)));
  const message = `${e.name}: ${e.message ?? ''}`.trim();
  const aws: AwsErrorDetails = {
    name: e.name,
    ...(httpStatus ? { httpStatus } : {}),
    ...(e.$metadata.requestId ? { requestId: e.$metadata.requestId } : {}),
    ...(Object.keys(members).length ? { members } : {}),
  };
  if (THROTTLING.has(e.name)) {
    return new ConsoleError('Throttled', 429, message, undefined, aws, undefined, { retryAfterSeconds: AWS_THROTTLED_RETRY_AFTER_SECONDS });
  }
  if (CREDENTIALS_REFUSED.has(e.name)) return new ConsoleError('AwsCredentialsInvalid', 502, message, undefined, aws);
  // AWS's own status where it is a client error; a server-side failure is a bad gateway to us.
  const status = httpStatus && httpStatus >= 400 && httpStatus < 500 ? httpStatus : 502;
  return new ConsoleError('AwsError', status, message, undefined, aws);
}
