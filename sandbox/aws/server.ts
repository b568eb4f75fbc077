/**
 * The sandbox's AWS endpoint: one loopback HTTP server speaking the AWS JSON protocols
 * (awsJson1_0 and awsJson1_1: `POST /`, the operation in `x-amz-target`), as the SDK v3
 * clients reach a service through `endpoint`. Each service registers the target prefix
 * it answers (e.g. `Logs_20140328`, `GraniteServiceVersion20100801`). A service that also
 * serves the AWS query protocol (CloudWatch) answers form-encoded `Action=…&Version=…`
 * requests for its Version in XML, through the same operations.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeQueryInput, queryErrorXml, queryResponseXml, type QueryProtocol } from './query-protocol';

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
  /** For a service that also serves the AWS query protocol: its Version and shapes. */
  query?: QueryProtocol;
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

/** The body, gunzipped when the client compressed it (PutMetricData may be). */
async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const raw = await readBody(req);
  if (String(req.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return raw;
  try {
    return gunzipSync(raw);
  } catch {
    throw new AwsError('SerializationException', 'the request body is not valid gzip');
  }
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}, requestId = randomUUID()) {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': requestId, ...headers });
  res.end(text);
}

function send(res: ServerResponse, status: number, jsonVersion: string, body: unknown, headers: Record<string, string> = {}) {
  sendText(res, status, `application/x-amz-json-${jsonVersion}`, JSON.stringify(body ?? {}), headers);
}

function sendError(res: ServerResponse, jsonVersion: string, error: AwsError, service?: AwsService) {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': error.code };
  if (service && error.queryErrorCode) headers['x-amzn-query-error'] = `${error.queryErrorCode};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  send(res, error.status, jsonVersion, { __type: error.code, message: error.message, ...error.members }, headers);
}

const INTERNAL_FAILURE = () => new AwsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);

/** A request in the AWS query protocol: no target header, the parameters form-encoded. */
export const isQueryRequest = (req: IncomingMessage) =>
  req.headers['x-amz-target'] === undefined &&
  String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');

function sendQueryError(res: ServerResponse, protocol: QueryProtocol | undefined, error: AwsError) {
  const requestId = randomUUID();
  const xml = queryErrorXml(protocol, { code: error.queryErrorCode ?? error.code, message: error.message, status: error.status, name: error.code, members: error.members }, requestId);
  sendText(res, error.status, 'text/xml', xml, {}, requestId);
}

async function dispatchQuery(services: AwsService[], req: IncomingMessage, res: ServerResponse) {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams((await readRequestBody(req)).toString('utf8'));
  } catch (err) {
    if (err instanceof AwsError) return sendQueryError(res, undefined, err);
    throw err;
  }
  const action = params.get('Action') ?? '';
  const version = params.get('Version') ?? '';
  const service = services.find((s) => s.query?.version === version);
  const protocol = service?.query;
  const credential = CREDENTIAL.exec(String(req.headers.authorization ?? ''));
  if (!credential) return sendQueryError(res, protocol, new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403));
  const operation = protocol?.operations[action];
  if (!service || !protocol || !operation) {
    return sendQueryError(res, protocol, new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`));
  }
  try {
    const input = decodeQueryInput(params, operation.input);
    const output = await service.handle({ operation: action, input, headers: req.headers, accessKeyId: credential[1], region: credential[3] });
    const requestId = randomUUID();
    sendText(res, 200, 'text/xml', queryResponseXml(protocol, action, output, requestId), {}, requestId);
  } catch (err) {
    if (err instanceof AwsError) return sendQueryError(res, protocol, err);
    console.error(`[sandbox aws] ${action} ${version} failed:`, err);
    sendQueryError(res, protocol, INTERNAL_FAILURE());
  }
}

async function dispatch(services: Map<string, AwsService>, req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'POST' && req.url?.split('?')[0] === '/' && isQueryRequest(req)) return dispatchQuery([...services.values()], req, res);
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
  let raw: Buffer;
  try {
    raw = await readRequestBody(req);
  } catch (err) {
    if (err instanceof AwsError) return sendError(res, jsonVersion, err);
    throw err;
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
    sendError(res, jsonVersion, INTERNAL_FAILURE(), service);
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
