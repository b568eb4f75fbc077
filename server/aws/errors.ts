import 'server-only';
import { ConsoleError } from '../errors';

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Members of SDK exceptions that are not the service's modelled members. */
const SDK_KEYS = new Set(['name', 'message', 'stack', '$fault', '$metadata', '$response', '$retryable', '$service', 'Message', '__type', 'cause']);

/**
 * An AWS SDK failure as a console error: the service's error name and message kept for the
 * page, an unreachable endpoint said plainly. Undefined for anything that is not an AWS error.
 */
export function awsConsoleError(err: unknown): ConsoleError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as SdkError;
  if (e.code && NETWORK_CODES.has(e.code)) {
    return new ConsoleError('AwsUnreachable', 502, `the AWS endpoint cannot be reached (${e.code}): ${e.message ?? ''}`.trim());
  }
  if (!e.$metadata || !e.name) return undefined;
  const httpStatus = e.$metadata.httpStatusCode;
  const members = Object.fromEntries(Object.entries(err).filter(([k]) => !SDK_KEYS.has(k)));
  // AWS's own status where it is a client error; a server-side failure is a bad gateway to us.
  const status = httpStatus && httpStatus >= 400 && httpStatus < 500 ? httpStatus : 502;
  return new ConsoleError('AwsError', status, `${e.name}: ${e.message ?? ''}`.trim(), undefined, {
    name: e.name,
    ...(httpStatus ? { httpStatus } : {}),
    ...(e.$metadata.requestId ? { requestId: e.$metadata.requestId } : {}),
    ...(Object.keys(members).length ? { members } : {}),
  });
}
