/**
 * The faults the proxy can inject, which requests they apply to, and the error answers it gives
 * in each protocol's own wire format (a kube `Status`; an AWS JSON error as the SDK parses it).
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { CLOUDWATCH_QUERY } from '../aws/cloudwatch/query-shapes';
import { CLOUDWATCH_TARGET_PREFIX } from '../aws/cloudwatch/service';
import { queryErrorXml } from '../aws/query-protocol';
import { isQueryRequest } from '../aws/server';

export type FaultTarget = 'apiServer' | 'aws';

/** Which requests a fault applies to; every request when omitted. */
const match = z
  .object({
    /** A prefix of the request's path (before `?`), e.g. `/api/v1/namespaces/eks-work/pods`. */
    path: z.string().startsWith('/').optional(),
    /** Only watches (`?watch=true`) or only what is not a watch. */
    watch: z.boolean().optional(),
    /** AWS: an `x-amz-target` service prefix (`Logs_20140328`) or one operation (`Logs_20140328.StartQuery`); a query-protocol request has no target, so never matches. */
    operation: z.string().min(1).optional(),
  })
  .strict();

export const AWS_ERRORS = ['ThrottlingException', 'LimitExceededException', 'ExpiredTokenException'] as const;
export type AwsErrorName = (typeof AWS_ERRORS)[number];

export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** Stop listening (ECONNREFUSED) and drop open connections; listening resumes on the same port once cleared. */
  z.object({ kind: z.literal('refuse') }).strict(),
  /** Destroy every open connection (carrying a matching request, with `match`) now; with `afterBytes`, each new matching response too after that many body bytes. */
  z.object({ kind: z.literal('reset'), afterBytes: z.number().int().nonnegative().optional(), match: match.optional() }).strict(),
  /** Accept and never answer: connections (no `match`) or matching requests. */
  z.object({ kind: z.literal('hang'), match: match.optional() }).strict(),
  /** Hold each matching request `ms` before forwarding it, and with `eachWay` its answer as long again. */
  z.object({ kind: z.literal('delay'), ms: z.number().int().nonnegative().max(600_000), eachWay: z.boolean().optional(), match: match.optional() }).strict(),
  /** Answer matching requests with an error: a kube Status (API server) or the named AWS error. */
  z
    .object({
      kind: z.literal('status'),
      code: z.union([z.literal(401), z.literal(429), z.literal(500), z.literal(502), z.literal(503)]),
      retryAfterSeconds: z.number().int().nonnegative().optional(),
      awsError: z.enum(AWS_ERRORS).optional(),
      match: match.optional(),
    })
    .strict(),
  /** Present a certificate from an unknown CA, an expired one, or one for another host (API server only). */
  z.object({ kind: z.literal('certificate'), certificate: z.enum(['unknownAuthority', 'expired', 'wrongHost']) }).strict(),
]);

export type Fault = z.infer<typeof faultSchema>;
export type FaultMatch = z.infer<typeof match>;

export function matches(m: FaultMatch | undefined, req: IncomingMessage): boolean {
  if (!m) return true;
  const url = new URL(req.url ?? '/', 'http://proxy');
  if (m.path !== undefined && !url.pathname.startsWith(m.path)) return false;
  if (m.watch !== undefined && isWatch(url) !== m.watch) return false;
  if (m.operation !== undefined) {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== m.operation && !target.startsWith(`${m.operation}.`)) return false;
  }
  return true;
}

function isWatch(url: URL): boolean {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1' || url.pathname.includes('/watch/');
}

/** The reason kube-apiserver gives each code (apimachinery's StatusReason), and its words. */
const KUBE_STATUS: Record<number, { reason: string; message: string }> = {
  401: { reason: 'Unauthorized', message: 'Unauthorized' },
  // The max-in-flight and API priority and fairness filters' answer.
  429: { reason: 'TooManyRequests', message: 'Too many requests, please try again later.' },
  500: { reason: 'InternalError', message: 'Internal error occurred: injected by the sandbox fault proxy' },
  // A load balancer in front of the API server answers 502 when the API server does not; kube has no reason for it.
  502: { reason: '', message: 'the API server is unreachable from the load balancer (injected by the sandbox fault proxy)' },
  503: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' },
};

export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function kubeStatusAnswer(code: number, retryAfterSeconds: number | undefined): ErrorAnswer {
  const { reason, message } = KUBE_STATUS[code];
  const details = retryAfterSeconds !== undefined ? { details: { retryAfterSeconds } } : {};
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...details, code });
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  return { status: code, headers, body };
}

/** The error's message and, for CloudWatch's awsQuery-compatible JSON, the awsQuery code the SDK names it by. */
const AWS_ERROR: Record<AwsErrorName | 'InternalFailure' | 'ServiceUnavailable', { status: number; message: string; queryCode: string }> = {
  ThrottlingException: { status: 400, message: 'Rate exceeded', queryCode: 'Throttling' },
  LimitExceededException: { status: 400, message: 'Resource limit exceeded.', queryCode: 'LimitExceededException' },
  ExpiredTokenException: { status: 400, message: 'The security token included in the request is expired', queryCode: 'ExpiredToken' },
  InternalFailure: { status: 500, message: 'The request processing has failed because of an unknown error, exception or failure.', queryCode: 'InternalFailure' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.', queryCode: 'ServiceUnavailable' },
};

/**
 * An AWS JSON protocol error for the request's service: awsJson1_1 for CloudWatch Logs, awsJson1_0
 * with the `x-amzn-query-error` header for CloudWatch (query-compatible), as sandbox/aws/server.ts answers;
 * CloudWatch's XML ErrorResponse for a request in the AWS query protocol.
 */
export function awsErrorAnswer(req: IncomingMessage, fault: { code: number; awsError?: AwsErrorName; retryAfterSeconds?: number }): ErrorAnswer {
  const name = fault.awsError ?? (fault.code === 503 ? 'ServiceUnavailable' : fault.code === 429 ? 'ThrottlingException' : 'InternalFailure');
  const error = AWS_ERROR[name];
  const status = fault.awsError ? error.status : fault.code;
  if (isQueryRequest(req)) {
    const requestId = crypto.randomUUID();
    const headers: Record<string, string> = { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId };
    if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
    return { status, headers, body: queryErrorXml(CLOUDWATCH_QUERY, { code: error.queryCode, message: error.message, status, name, members: {} }, requestId) };
  }
  const cloudwatch = String(req.headers['x-amz-target'] ?? '').startsWith(`${CLOUDWATCH_TARGET_PREFIX}.`);
  const headers: Record<string, string> = {
    'Content-Type': `application/x-amz-json-${cloudwatch ? '1.0' : '1.1'}`,
    'x-amzn-ErrorType': name,
    'x-amzn-RequestId': crypto.randomUUID(),
  };
  if (cloudwatch) headers['x-amzn-query-error'] = `${error.queryCode};${status >= 500 ? 'Receiver' : 'Sender'}`;
  if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
  return { status, headers, body: JSON.stringify({ __type: name, message: error.message }) };
}
