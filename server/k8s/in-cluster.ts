import 'server-only';
/**
 * The console running in a pod with no kubeconfig: its one cluster is the one it runs in, found as
 * client-go's rest.InClusterConfig and client-node's loadFromCluster find it. The pod's service
 * account is the console's own identity (HPA recorder, leader election); users' requests never
 * carry it, except as the impersonator in proxy mode, where every request names the user.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Cluster } from '@kubernetes/client-node';
import { ConsoleError } from '../errors';
import type { KubeClient } from './client';
import type { RequestIdentity } from './identity';
import { singleContextConfig, type LoadedKubeconfig } from './kubeconfig';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const DEFAULT_IN_CLUSTER_NAME = 'in-cluster';

export interface InClusterConfig {
  /** The cluster's name in the console (WATCHDECK_CLUSTER_NAME). */
  name: string;
  server: string;
  caFile: string;
  tokenFile: string;
}

/**
 * The pod's cluster when KUBERNETES_SERVICE_HOST and _PORT are set and the service-account token is
 * mounted (automountServiceAccountToken); undefined otherwise.
 */
export function detectInCluster(env: Record<string, string | undefined>, name: string, dir = SERVICE_ACCOUNT_DIR): InClusterConfig | undefined {
  const host = env.KUBERNETES_SERVICE_HOST?.trim();
  const port = env.KUBERNETES_SERVICE_PORT?.trim();
  const tokenFile = path.join(dir, 'token');
  if (!host || !port || !fs.existsSync(/* turbopackIgnore: true */ tokenFile)) return undefined;
  // loadFromCluster's rule: the API server's plain-HTTP ports are spoken to over HTTP.
  const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
  return { name, server: `${scheme}://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: path.join(dir, 'ca.crt'), tokenFile };
}

const SERVICE_ACCOUNT_USER = 'watchdeck-service-account';

/**
 * The in-cluster cluster as the console's one context. Its own user is the service account only
 * in proxy mode, where it impersonates each request's user; otherwise the context has no user, so
 * a request can carry no credential but the user's own.
 */
export function inClusterKubeconfig(cluster: InClusterConfig, impersonator: boolean): LoadedKubeconfig {
  const kubeCluster: Cluster = { name: cluster.name, server: cluster.server, caFile: cluster.caFile, skipTLSVerify: false };
  // client-node's tokenFile provider re-reads the file at least every minute, as client-go does.
  const user = impersonator ? { name: SERVICE_ACCOUNT_USER, authProvider: { name: 'tokenFile', config: { tokenFile: cluster.tokenFile } } } : undefined;
  return {
    files: [],
    currentContext: cluster.name,
    contexts: [
      {
        name: cluster.name,
        context: { name: cluster.name, cluster: cluster.name, user: user?.name ?? '' },
        cluster: kubeCluster,
        ...(user ? { user } : {}),
        contextConfig: singleContextConfig(kubeCluster, user ?? { name: '' }),
      },
    ],
  };
}

/** How long a token read from the file is used before the file is read again (client-go: one minute). */
export const TOKEN_REREAD_MS = 60_000;

/** A bearer token kept in a file that the kubelet rewrites as it rotates (bound tokens last about an hour). */
export class TokenFile {
  private cached?: { token: string; readAt: number };

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token, read again once a minute has passed since the last read or after a reset. */
  async token(): Promise<string> {
    const at = this.now();
    if (this.cached && at - this.cached.readAt < TOKEN_REREAD_MS) return this.cached.token;
    const token = (await fs.promises.readFile(/* turbopackIgnore: true */ this.file, 'utf8')).trim();
    this.cached = { token, readAt: at };
    return token;
  }

  /** After a 401 for `token`: the next token() reads the file, unless a newer token was read meanwhile. */
  rejected(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }
}

/** An Unauthorized answer to the console's own credentials, when a rotated token may be the cure. */
function isUnauthorized(err: unknown): boolean {
  return err instanceof ConsoleError && err.httpStatus === 401;
}

/**
 * A client acting as the identity in `tokens`: each request takes the current token; a 401 makes
 * the file be read again and the request be made once more if the token has changed since.
 */
/** Runs `use` with a client for the file's token; on a 401, once more with the token read again (the kubelet rotated it). */
export async function withTokenFile<C, T>(tokens: TokenFile, clientFor: (identity: RequestIdentity) => C, use: (client: C) => Promise<T>): Promise<T> {
  const token = await tokens.token();
  try {
    return await use(clientFor({ mode: 'token', token }));
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    tokens.rejected(token);
    const fresh = await tokens.token();
    if (fresh === token) throw err;
    return use(clientFor({ mode: 'token', token: fresh }));
  }
}

export function tokenFileClient(tokens: TokenFile, clientFor: (identity: RequestIdentity) => KubeClient, cluster: string, server: string): KubeClient {
  const call = <T>(use: (client: KubeClient) => Promise<T>) => withTokenFile(tokens, clientFor, use);
  return {
    cluster,
    server,
    get: (ref, query) => call((c) => c.get(ref, query)),
    create: (ref, body) => call((c) => c.create(ref, body)),
    version: () => call((c) => c.version()),
  };
}

const tokens = globalThis as unknown as { __watchdeckServiceAccountToken?: TokenFile };

/** The pod's service-account token, one reader per process so every caller shares its re-reads. */
export function serviceAccountToken(cluster: InClusterConfig): TokenFile {
  if (tokens.__watchdeckServiceAccountToken?.file !== cluster.tokenFile) tokens.__watchdeckServiceAccountToken = new TokenFile(cluster.tokenFile);
  return tokens.__watchdeckServiceAccountToken;
}
