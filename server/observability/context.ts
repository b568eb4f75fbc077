import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the request's log line says about it, filled in as the request is answered. */
export interface RequestContext {
  id: string;
  method: string;
  /** The route pattern, e.g. /api/v1/clusters/[cluster]/pods. */
  route: string;
  /** The API server's username for the caller, once authentication has found it. */
  user?: string;
  cluster?: string;
}

// On globalThis: each Next bundle gets its own copy of this module, and all must see one store.
const holder = globalThis as unknown as { __watchdeckRequestContext?: AsyncLocalStorage<RequestContext> };

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  holder.__watchdeckRequestContext ??= new AsyncLocalStorage<RequestContext>();
  return holder.__watchdeckRequestContext;
}

export function currentRequest(): RequestContext | undefined {
  return requestContextStorage().getStore();
}

/** Records who is calling and about which cluster, for the request's log line. */
export function noteCaller(user: string | undefined, cluster: string | undefined): void {
  const context = currentRequest();
  if (!context) return;
  if (user) context.user = user;
  if (cluster) context.cluster = cluster;
}
