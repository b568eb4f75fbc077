/**
 * The sandbox's AWS endpoint: one loopback HTTP server speaking the AWS JSON protocols
 * (awsJson1_0 and awsJson1_1: `POST /`, the operation in `x-amz-target`), as the SDK v3
 * clients reach a service through `endpoint`. Each service registers the target prefix
 * it answers (e.g. `Logs_20140328`, `GraniteServiceVersion20100801`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export const SANDBOX_REGION = 'ap-northeast-2';
export const SANDBOX_ACCOUNT_ID = '123456789012';

export interface AwsCall {
  /** The operation, e.g. `StartQuery`. */
  operation: string;
  /** The parsed JSON request body. */
  input: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** The access key id from the SigV4 Authorization header. */
  accessKeyId: string;
  region: string;
}

export interface AwsService {
  /** The `x-amz-target` prefix before the dot. */
  targetPrefix: string;
  /** The protocol's JSON version: awsJson1_0 answers `application/x-amz-json-1.0`. */
  jsonVersion: '1.0' | '1.1';
  /** Returns the output shape; throws AwsError for a modelled error. */
  handle(call: AwsCall): unknown | Promise<unknown>;
}

/** A modelled AWS error: its name (`__type`), message and HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Members of the error shape besides `message`, e.g. `queryCompileError`. */
    readonly members: Record<string, unknown> = {},
    /** For query-compatible services (CloudWatch): the awsQuery error code sent in `x-amzn-query-error`. */
    readonly queryErrorCode?: string,
  ) {
    super(message);
  }
}

/** `Credential=AKID/20261123/ap-northeast-2/logs/aws4_request` from a SigV4 Authorization header. */
const CREDENTIAL = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, jsonVersion: string, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'Content-Type': `application/x-amz-json-${jsonVersion}`,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, jsonVersion: string, error: AwsError, service?: AwsService) {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': error.code };
  if (service && error.queryErrorCode) headers['x-amzn-query-error'] = `${error.queryErrorCode};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  send(res, error.status, jsonVersion, { __type: error.code, message: error.message, ...error.members }, headers);
}

async function dispatch(services: Map<string, AwsService>, req: IncomingMessage, res: ServerResponse) {
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, operation] = target.split('.', 2);
  const service = services.get(prefix ?? '');
  const jsonVersion = service?.jsonVersion ?? '1.1';
  if (req.method !== 'POST' || req.url?.split('?')[0] !== '/') {
    return sendError(res, jsonVersion, new AwsError('UnknownOperationException', `${req.method} ${req.url} is not an operation; every call is POST / with X-Amz-Target`, 404));
  }
  const credential = CREDENTIAL.exec(String(req.headers.authorization ?? ''));
  if (!credential) {
    return sendError(res, jsonVersion, new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400));
  }
  if (!service || !operation) {
    return sendError(res, jsonVersion, new AwsError('UnknownOperationException', `unknown target "${target}"`));
  }
  let raw = await readBody(req);
  if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
    try {
      raw = gunzipSync(raw);
    } catch {
      return sendError(res, jsonVersion, new AwsError('SerializationException', 'the request body is not valid gzip'));
    }
  }
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return sendError(res, jsonVersion, new AwsError('SerializationException', 'Start of structure or map found where not expected'), service);
  }
  try {
    const output = await service.handle({ operation, input, headers: req.headers, accessKeyId: credential[1], region: credential[3] });
    send(res, 200, jsonVersion, output);
  } catch (err) {
    if (err instanceof AwsError) return sendError(res, jsonVersion, err, service);
    console.error(`[sandbox aws] ${target} failed:`, err);
    sendError(res, jsonVersion, new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500), service);
  }
}

export interface AwsServer {
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export function createAwsServer(serviceList: AwsService[]): AwsServer {
  const services = new Map(serviceList.map((s) => [s.targetPrefix, s]));
  const server = createServer((req, res) => {
    dispatch(services, req, res).catch((err) => {
      console.error('[sandbox aws] request failed:', err);
      if (!res.headersSent) res.destroy();
    });
  });
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: bound } = server.address() as AddressInfo;
          resolve(`http://${host}:${bound}`);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
