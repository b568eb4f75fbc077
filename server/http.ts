import 'server-only';
import type { z } from 'zod';
import { awsConsoleError } from './aws/errors';
import { ConfigError } from './config';
import { ConsoleError, consoleErrors, type ForbiddenBody } from './errors';
import { drainingError, isDraining, trackRequest } from './lifecycle';
import { API_POLICY } from '@/lib/content-security-policy';
import { parseForbidden } from '@/lib/k8s/rbac/forbidden';
import { log } from './observability/logger';
import { observeRequest } from './observability/request';
import { formatBytes, readBodyJson } from './request-body';

/** What a handler may add to its response besides the JSON body. */
export interface Reply {
  setCookie(cookie: string): void;
}

/**
 * Every JSON answer, an error included, names the API's policy itself: next.config.ts gives it to API paths, but
 * not to a relayed page's path, where a refusal is JSON like any other.
 */
const JSON_HEADERS = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8', 'Content-Security-Policy': API_POLICY };

export function errorResponse(err: unknown): Response {
  let error: ConsoleError;
  const aws = awsConsoleError(err);
  if (err instanceof ConsoleError) {
    error = err;
  } else if (aws) {
    error = aws;
  } else if (err instanceof ConfigError) {
    // Names the variable at fault; values of secrets are never part of the message.
    log().error({ variable: err.variable }, `configuration error: ${err.message}`);
    error = consoleErrors.internal(`configuration error: ${err.message}`);
  } else {
    log().error({ err }, 'unexpected error');
    error = consoleErrors.internal();
  }
  const headers = new Headers(JSON_HEADERS);
  const retryAfter = error.limit?.retryAfterSeconds ?? error.detail.retryAfterSeconds;
  if (retryAfter !== undefined) headers.set('Retry-After', String(retryAfter));
  return new Response(JSON.stringify(errorBody(error)), { status: error.httpStatus, headers });
}

/** `{ error }`; the API server's 403 also names, at the top, its message and the permission that was missing. */
export function errorBody(error: ConsoleError): { error: ReturnType<ConsoleError['toJSON']> } | ForbiddenBody {
  const json = error.toJSON();
  if (error.kind !== 'Status' || error.httpStatus !== 403) return { error: json };
  const message = error.status?.message ?? error.message;
  const parsed = parseForbidden(message, error.status?.details);
  const missing = parsed
    ? {
        verb: parsed.verb,
        resource: parsed.resource,
        subresource: parsed.subresource,
        group: parsed.group,
        namespace: parsed.namespace,
        name: parsed.name,
        ...(parsed.path !== undefined ? { path: parsed.path } : {}),
        ...(error.detail.needed ? { needed: error.detail.needed } : {}),
      }
    : null;
  return { code: 403, reason: error.status?.reason ?? 'Forbidden', message, missing, error: json };
}

/**
 * The longest query string a console API route reads. Node's HTTP server refuses a request head
 * over 16 KiB by default, so nothing the console's own pages send comes near it; the rule holds
 * when the server or a proxy in front of it takes longer ones.
 */
export const MAX_QUERY_BYTES = 16 * 1024;

/** Refuses a query string past MAX_QUERY_BYTES before anything reads it. */
export function checkQueryLength(request: Request): void {
  const { search } = new URL(request.url);
  if (search.length - 1 > MAX_QUERY_BYTES) {
    throw consoleErrors.uriTooLong(`the query string is longer than ${formatBytes(MAX_QUERY_BYTES)}, the most the console API takes`);
  }
}

/** A request that arrives while this process shuts down: 503, and the connection closed so the client's next request goes elsewhere. */
function drainingResponse(): Response {
  const response = errorResponse(drainingError());
  response.headers.set('Connection', 'close');
  return response;
}

/**
 * Wraps a route handler: JSON out, typed errors as non-2xx bodies, nothing cached. While the
 * process shuts down it answers 503, unless `whileDraining` (the health and readiness probes).
 */
export function jsonRoute<Ctx>(handler: (request: Request, reply: Reply, ctx: Ctx) => Promise<unknown>, options: { whileDraining?: boolean } = {}): (request: Request, ctx: Ctx) => Promise<Response> {
  return (request, ctx) =>
    observeRequest(request, async () => {
      if (isDraining() && !options.whileDraining) return drainingResponse();
      let done: (() => void) | undefined = trackRequest();
      const cookies: string[] = [];
      try {
        checkQueryLength(request);
        const body = await handler(request, { setCookie: (c) => cookies.push(c) }, ctx);
        const headers = new Headers(JSON_HEADERS);
        for (const c of cookies) headers.append('Set-Cookie', c);
        if (body instanceof JsonWithArray) {
          // The request is under way until its last member is written.
          const streamed = streamedJson(body, done);
          done = undefined;
          return new Response(streamed, { status: 200, headers });
        }
        return new Response(JSON.stringify(body), { status: 200, headers });
      } catch (err) {
        const response = errorResponse(err);
        for (const c of cookies) response.headers.append('Set-Cookie', c);
        return response;
      } finally {
        done?.();
      }
    });
}

/**
 * A JSON answer of `body` whose `field` is an array written member by member from `members`, each a
 * run of members' JSON texts joined by commas, as a string or UTF-8 bytes: a long array (100,000 log
 * rows) is never one string.
 */
export class JsonWithArray {
  constructor(
    readonly body: Record<string, unknown>,
    readonly field: string,
    readonly members: AsyncIterable<string | Uint8Array>,
  ) {}
}

function streamedJson({ body, field, members }: JsonWithArray, done: () => void): ReadableStream<Uint8Array> {
  const rest = Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));
  const head = JSON.stringify(rest);
  const encoder = new TextEncoder();
  const runs = members[Symbol.asyncIterator]();
  let opened = false;
  let first = true;
  let ended = false;
  const end = () => {
    if (!ended) done();
    ended = true;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!opened) {
        opened = true;
        controller.enqueue(encoder.encode(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(field)}:[`));
        return;
      }
      try {
        // A pull that enqueues nothing is not pulled again: an empty run is passed over here.
        for (;;) {
          const next = await runs.next();
          if (next.done) {
            controller.enqueue(encoder.encode(']}'));
            controller.close();
            end();
            return;
          }
          if (next.value.length > 0) {
            if (!first) controller.enqueue(encoder.encode(','));
            controller.enqueue(typeof next.value === 'string' ? encoder.encode(next.value) : next.value);
            first = false;
            return;
          }
        }
      } catch (err) {
        // Already answering 200: the cut body is what tells the client, and the log says why.
        log().error({ err }, 'writing a streamed answer failed');
        controller.error(err);
        end();
      }
    },
    async cancel() {
      end();
      await runs.return?.();
    },
  });
}

/** Wraps a route that answers with its own Response (a stream): typed errors as non-2xx JSON bodies. */
export function streamRoute<Ctx>(handler: (request: Request, ctx: Ctx) => Promise<Response>): (request: Request, ctx: Ctx) => Promise<Response> {
  return (request, ctx) =>
    observeRequest(request, async () => {
      if (isDraining()) return drainingResponse();
      try {
        checkQueryLength(request);
        return await handler(request, ctx);
      } catch (err) {
        return errorResponse(err);
      }
    });
}

function describeIssues(error: z.ZodError, what: string): string {
  return `invalid ${what}: ${error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`;
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw consoleErrors.badRequest(describeIssues(result.error, what));
  return result.data;
}

/** The body as JSON of `schema`, refused past `limit` bytes (one of BODY_LIMITS) or MAX_JSON_DEPTH. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, limit: number): Promise<T> {
  return parseInput(schema, await readBodyJson(request, limit), 'request body');
}

/** The search parameters as a plain object, for zod. */
export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
