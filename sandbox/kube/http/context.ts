/** What every resource handler gets: the request, who made it, and which resource it names. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { World } from '../../world/world';
import type { Attributes, Authorizer, UserInfo } from '../auth/types';
import type { TokenAuthenticator } from '../authn';
import type { RequestInfo } from '../request-info';
import type { ResourceType } from '../resources';
import type { Store } from '../store';
import type { Upgrade } from './exec';
import { statusErrors } from '../status';

export interface ApiContext {
  world: World;
  /** Issues service account tokens the server then accepts. */
  tokens: TokenAuthenticator;
  store: Store;
  authorizer: Authorizer;
  /** Throws the API server's Forbidden unless the authorizer allows `attributes`. */
  authorize(attributes: Attributes): void;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  info: RequestInfo;
  user: UserInfo;
  type: ResourceType;
  /** The version the client asked for, e.g. "v1" for autoscaling/v1. */
  version: string;
  /** The store's key for the type: "pods", "apps/deployments". */
  resource: string;
  /** The URL's namespace; undefined for cluster-scoped kinds and all-namespace lists. */
  namespace: string | undefined;
  /** The connection, when the request asked to upgrade it (exec, attach). */
  upgrade?: Upgrade;
}

/** A query parameter's integer value, or 400 like the API server's conversion. */
export function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    throw statusErrors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  }
  return n;
}

export function isDryRun(url: URL): boolean {
  return url.searchParams.getAll('dryRun').includes('All');
}
