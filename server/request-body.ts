import 'server-only';
import { consoleErrors } from './errors';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The most bytes of request body each kind of route reads. A body past its route's limit is
 * refused with 413 before it is parsed, so it cannot swell the heap or be stored.
 */
export const BODY_LIMITS = {
  /**
   * Sign-in, sign-out, secret reveal, access checks, acknowledgements, retention, a dashboard's
   * duplicate and publish: a few short fields. The longest is sign-in's token, at most 16,384
   * characters, twice that as JSON-escaped text.
   */
  form: 32 * KiB,
  /**
   * Logs Insights queries, saved queries and metric filters: a query of at most 10,000 characters
   * (CloudWatch Logs' StartQuery limit), each at most 6 bytes once JSON-escaped, and up to 50 log
   * group names of at most 512 characters.
   */
  logQuery: 128 * KiB,
  /**
   * Dashboards (create, save, import): room for a CloudWatch dashboard body of 1,000,000 bytes, the
   * most the sandbox's PutDashboard takes, carried by an import as a JSON string, where escaping its
   * quotes can double it.
   */
  dashboard: 2 * MiB,
  /**
   * An object's YAML to apply: the API server's own limit on a request body (3 MiB), which a stored
   * object (at most 1.5 MiB in etcd) never comes near even JSON-escaped.
   */
  manifest: 3 * MiB,
} as const;

/** How deep arrays and objects may nest in a JSON body: a dashboard, the deepest the console takes, nests about 8. */
export const MAX_JSON_DEPTH = 64;

export function formatBytes(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** `POST /api/v1/dashboards`: how a message names the route a request went to. */
export function routeOf(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

function tooLarge(request: Request, limit: number) {
  return consoleErrors.payloadTooLarge(`the request body is larger than ${formatBytes(limit)}, the most ${routeOf(request)} takes`);
}

/**
 * The body's bytes, counted as they arrive: refused as soon as Content-Length or the bytes read
 * pass `limit`, and the rest is left unread.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  // Content-Length can only refuse early: a chunked body has none, and one that lies is still counted.
  if (declared !== null && Number(declared) > limit) throw tooLarge(request, limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(request, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** Line and column (both from 1) of a character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Refuses JSON text whose arrays and objects nest deeper than `maxDepth`, naming where the limit
 * was crossed. Scans the text without building anything, so the check itself cannot run deep.
 */
export function checkJsonDepth(text: string, what = 'the request body', maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) {
        const { line, column } = lineAndColumn(text, i);
        throw consoleErrors.badRequest(`${what} nests deeper than ${maxDepth} arrays and objects (at line ${line}, column ${column})`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

/** JSON.parse with its reason in a 400, and the line and column when it names a position. */
export function parseJsonText(text: string, what: string): unknown {
  checkJsonDepth(text, what);
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err as Error).message;
    const position = /at position (\d+)/.exec(reason);
    const where = position ? lineAndColumn(text, Number(position[1])) : undefined;
    throw consoleErrors.badRequest(`${what} is not JSON: ${reason}${where ? ` (line ${where.line}, column ${where.column})` : ''}`);
  }
}

/** The body as JSON, at most `limit` bytes of UTF-8. */
export async function readBodyJson(request: Request, limit: number): Promise<unknown> {
  const bytes = await readBodyBytes(request, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw consoleErrors.badRequest('the request body is not UTF-8 text');
  }
  return parseJsonText(text, 'the request body');
}
