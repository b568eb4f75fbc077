/** Which handler serves a resource request, by subresource and verb. */
import { statusErrors } from '../status';
import type { ApiContext } from './context';
import { deleteCollectionHandler, deleteHandler } from './delete';
import { streamHandler } from './exec';
import { portForwardHandler } from './portforward';
import { proxyHandler } from './proxy';
import { logHandler } from './log';
import { metricsHandler } from './metrics';
import { getObject, listHandler, watchHandler } from './read';
import { reviewHandler } from './reviews';
import { bindingHandler, evictionHandler, scaleHandler } from './subresources';
import { tokenHandler } from './token';
import { createHandler, finalizeHandler, patchHandler, updateHandler } from './write';

type Handler = (ctx: ApiContext) => void | Promise<void>;

const MAIN: Record<string, Handler> = {
  get: getObject,
  list: listHandler,
  watch: watchHandler,
  create: createHandler,
  update: updateHandler,
  patch: patchHandler,
  delete: deleteHandler,
  deletecollection: deleteCollectionHandler,
};

const STATUS: Record<string, Handler> = { get: getObject, update: updateHandler, patch: patchHandler };

const REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);

function notAllowed(ctx: ApiContext): never {
  throw statusErrors.methodNotSupported(ctx.type, ctx.info.verb);
}

export async function routeResource(ctx: ApiContext): Promise<void> {
  const { info, type } = ctx;
  if (type.group === 'metrics.k8s.io') return metricsHandler(ctx);
  if (REVIEW_GROUPS.has(type.group)) {
    if (info.verb !== 'create' || info.name) return notAllowed(ctx);
    return reviewHandler(ctx);
  }
  const sub = info.subresource;
  if (!sub) {
    const handler = MAIN[info.verb];
    if (!handler || !type.verbs.includes(info.verb)) return notAllowed(ctx);
    if (info.verb === 'create' && info.name) return notAllowed(ctx);
    return handler(ctx);
  }
  switch (sub) {
    case 'status': {
      const handler = STATUS[info.verb];
      if (!handler) return notAllowed(ctx);
      return handler(ctx);
    }
    case 'scale':
      return scaleHandler(ctx);
    case 'log':
      if (info.verb !== 'get') return notAllowed(ctx);
      return logHandler(ctx);
    case 'exec':
    case 'attach':
      return streamHandler(ctx, ctx.upgrade);
    case 'portforward':
      return portForwardHandler(ctx, ctx.upgrade);
    case 'proxy':
      return proxyHandler(ctx);
    case 'eviction':
      if (info.verb !== 'create') return notAllowed(ctx);
      return evictionHandler(ctx);
    case 'binding':
      if (info.verb !== 'create') return notAllowed(ctx);
      return bindingHandler(ctx);
    case 'finalize':
      if (info.verb !== 'update' || type.kind !== 'Namespace') return notAllowed(ctx);
      return finalizeHandler(ctx);
    case 'token':
      if (info.verb !== 'create') return notAllowed(ctx);
      return tokenHandler(ctx);
    default:
      throw statusErrors.notFoundResource();
  }
}
