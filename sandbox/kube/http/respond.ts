/** Reading request bodies and writing JSON and Status responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { StatusError, statusErrors, type Status } from '../status';
import { PROTOBUF, UnknownMember } from '@/lib/k8s/protobuf';
import { decodeProtobuf, encodeStatus } from './protobuf';

/** The API server refuses request bodies over 3 MiB. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function writeJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/**
 * An object in application/vnd.kubernetes.protobuf. False, with nothing written, when the object has
 * a member the encoding here has no field for: the caller answers in the next type Accept allows.
 */
export function writeProtobuf(res: ServerResponse, encode: () => Uint8Array, code = 200, headers: Record<string, string> = {}): boolean {
  let body: Uint8Array;
  try {
    body = encode();
  } catch (err) {
    if (err instanceof UnknownMember) return false;
    throw err;
  }
  res.writeHead(code, { ...headers, 'Content-Type': PROTOBUF, 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  res.end(body);
  return true;
}

/** Requests whose errors are written in protobuf: those the server answers in protobuf and whose client asked for it first. */
const protobufErrors = new WeakSet<ServerResponse>();

export function answerErrorsInProtobuf(res: ServerResponse): void {
  protobufErrors.add(res);
}

export function writeStatus(res: ServerResponse, status: Status): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(status.details.retryAfterSeconds);
  if (protobufErrors.has(res) && writeProtobuf(res, () => encodeStatus(status), status.code, headers)) return;
  const text = JSON.stringify(status);
  res.writeHead(status.code, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function writeError(res: ServerResponse, err: unknown): void {
  if (err instanceof StatusError) {
    writeStatus(res, err.status);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  console.error(`sandbox api server: ${err instanceof Error ? err.stack : message}`);
  writeStatus(res, statusErrors.internal(message).status);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        const message = `Request entity too large: limit is ${MAX_BODY_BYTES}`;
        reject(new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'RequestEntityTooLarge', code: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The body as an object: JSON, or YAML for the content types that carry it. */
export async function readObject(req: IncomingMessage, what: string): Promise<unknown> {
  const body = await readBody(req);
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim();
  if (contentType === 'application/vnd.kubernetes.protobuf') return decodeProtobuf(body);
  const raw = body.toString('utf8');
  if (raw.trim() === '') return undefined;
  try {
    if (contentType.includes('yaml')) return parseYaml(raw);
    return JSON.parse(raw);
  } catch (err) {
    throw statusErrors.badRequest(`the object provided is unrecognized (must be of type ${what}): ${(err as Error).message}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
