import 'server-only';
import { randomUUID } from 'node:crypto';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { requestContextStorage, type RequestContext } from './context';
import { log } from './logger';
import { httpRequestTimer } from './metrics';
import { observabilitySettings } from './settings';

/** What an X-Request-Id from a proxy may be: a UUID, a hex or base64url id, at most 128 characters. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The request's id: a trusted proxy's sane X-Request-Id, else a new UUID. */
export function requestId(header: string | null, trusted: boolean): string {
  return trusted && header !== null && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * The pattern of the route Next.js matched, e.g. /api/v1/clusters/[cluster]/pods; never the raw path.
 * Next's work store is not public API; e2e/metrics.spec.ts fails if an upgrade moves it.
 */
export function matchedRoute(): string {
  return workAsyncStorage.getStore()?.route ?? 'unmatched';
}

function trustRequestId(): boolean {
  try {
    return observabilitySettings().trustRequestId;
  } catch {
    return false;
  }
}

/**
 * Answers a console API request through `answer`, counted in the HTTP metrics, logged in one
 * line, and with its id in X-Request-Id. A stream counts until its response starts.
 */
export async function observeRequest(request: Request, answer: () => Promise<Response>): Promise<Response> {
  const context: RequestContext = { id: requestId(request.headers.get('x-request-id'), trustRequestId()), method: request.method, route: matchedRoute() };
  const started = performance.now();
  const done = httpRequestTimer(context.route, context.method);
  const response = await requestContextStorage().run(context, answer);
  done(response.status);
  response.headers.set('X-Request-Id', context.id);
  log().info(
    {
      reqId: context.id,
      method: context.method,
      route: context.route,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(context.user ? { user: context.user } : {}),
      ...(context.cluster ? { cluster: context.cluster } : {}),
    },
    'request',
  );
  return response;
}
