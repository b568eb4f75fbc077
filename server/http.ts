import 'server-only';
import type { z } from 'zod';
import { awsConsoleError } from './aws/errors';
import { ConfigError } from './config';
import { ConsoleError, consoleErrors, type ForbiddenBody } from './errors';
import { parseForbidden } from './k8s/rbac/forbidden';

/** What a handler may add to its response besides the JSON body. */
export interface Reply {
  setCookie(cookie: string): void;
}

const NO_STORE = { 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8' };

export function errorResponse(err: unknown): Response {
  let error: ConsoleError;
  const aws = awsConsoleError(err);
  if (err instanceof ConsoleError) {
    error = err;
  } else if (aws) {
    error = aws;
  } else if (err instanceof ConfigError) {
    // Names the variable at fault; values of secrets are never part of the message.
    console.error(`[watchdeck] configuration error: ${err.message}`);
    error = consoleErrors.internal(`configuration error: ${err.message}`);
  } else {
    console.error('[watchdeck] unexpected error:', err instanceof Error ? err.stack ?? err.message : err);
    error = consoleErrors.internal();
  }
  const headers = new Headers(NO_STORE);
  if (error.limit) headers.set('Retry-After', String(error.limit.retryAfterSeconds));
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
      }
    : null;
  return { code: 403, reason: error.status?.reason ?? 'Forbidden', message, missing, error: json };
}

/** Wraps a route handler: JSON out, typed errors as non-2xx bodies, nothing cached. */
export function jsonRoute<Ctx>(handler: (request: Request, reply: Reply, ctx: Ctx) => Promise<unknown>): (request: Request, ctx: Ctx) => Promise<Response> {
  return async (request, ctx) => {
    const cookies: string[] = [];
    try {
      const body = await handler(request, { setCookie: (c) => cookies.push(c) }, ctx);
      const headers = new Headers(NO_STORE);
      for (const c of cookies) headers.append('Set-Cookie', c);
      return new Response(JSON.stringify(body), { status: 200, headers });
    } catch (err) {
      const response = errorResponse(err);
      for (const c of cookies) response.headers.append('Set-Cookie', c);
      return response;
    }
  };
}

function describeIssues(error: z.ZodError, what: string): string {
  return `invalid ${what}: ${error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`;
}

export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw consoleErrors.badRequest(describeIssues(result.error, what));
  return result.data;
}

export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw consoleErrors.badRequest('the request body is not JSON');
  }
  return parseInput(schema, body, 'request body');
}

/** The search parameters as a plain object, for zod. */
export function searchParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
