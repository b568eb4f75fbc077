import 'server-only';
import { createHash } from 'node:crypto';
import type http from 'node:http';
import type https from 'node:https';
import type { Socket } from 'node:net';
import type { Cluster, KubeConfig } from '@kubernetes/client-node';
import { config, DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../config';
import { countKubeConnection } from '../observability/metrics';

/**
 * Kept-alive connections to the API servers: one pool per API server and TLS identity (CA, client
 * certificate and key, proxy, server name, verification), keyed by a hash of those bytes. Bearer
 * tokens and Impersonate-* headers travel with each request, so every caller whose credential is a
 * header shares its cluster's pool; different client certificates (an exec plugin's too) never do.
 */
interface Pool {
  cluster: string;
  /** Calls answered at once, bounded by maxSockets. */
  calls: http.Agent;
  /** Watches and followed logs: each holds its connection for its life, so they never take the calls' sockets. */
  streams: http.Agent;
  /** Sockets already counted as opened. */
  seen: WeakSet<Socket>;
}

export type ConnectionUse = 'call' | 'stream';

interface State {
  limits: ConnectionLimits;
  /** Least recently used first. */
  pools: Map<string, Pool>;
  /** Closed pools whose connections still carry a request; dropped once they have none. */
  closing: Set<Pool>;
}

const holder = globalThis as unknown as { __watchdeckKubeAgents?: State };

function state(): State {
  const limits = config().connections ?? DEFAULT_CONNECTION_LIMITS;
  const current = holder.__watchdeckKubeAgents;
  if (current && JSON.stringify(current.limits) === JSON.stringify(limits)) return current;
  if (current) for (const key of [...current.pools.keys()]) close(current, key);
  holder.__watchdeckKubeAgents = { limits, pools: new Map(), closing: current?.closing ?? new Set() };
  return holder.__watchdeckKubeAgents;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

const bytes = (value: unknown) => (value === undefined || value === null ? null : digest(Buffer.isBuffer(value) ? value.toString('base64') : value));

/** What decides which connection a request may use: everything that shapes the connection, nothing that travels in headers. */
function poolKey(cluster: Cluster, tls: https.RequestOptions): string {
  return digest([
    cluster.server,
    cluster.proxyUrl ?? null,
    tls.servername ?? null,
    tls.rejectUnauthorized ?? null,
    bytes(tls.ca),
    bytes(tls.cert),
    bytes(tls.key),
    bytes(tls.pfx),
    bytes(tls.passphrase),
  ]);
}

/** client-node picks the agent type (https, http, an HTTP or SOCKS proxy's) by the cluster's proxy-url and scheme; its choice is kept. */
type AgentFactory = { createAgent(cluster: Cluster, options: https.AgentOptions): http.Agent };

function newAgent(kubeconfig: KubeConfig, cluster: Cluster, tls: https.RequestOptions, limits: ConnectionLimits, use: ConnectionUse): http.Agent {
  const options: https.AgentOptions = {
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    pfx: tls.pfx,
    passphrase: tls.passphrase,
    ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
    keepAlive: true,
    // The agent's timeout is the idle one: a socket in use gets the request's own (client.ts bounded).
    timeout: limits.idleMs,
    maxSockets: use === 'call' ? limits.maxSockets : Infinity,
    maxFreeSockets: use === 'call' ? limits.maxFreeSockets : Math.min(limits.maxFreeSockets, 4),
  };
  return (kubeconfig as unknown as AgentFactory).createAgent(cluster, options);
}

function socketCount(record: NodeJS.ReadOnlyDict<Socket[]>): number {
  let count = 0;
  for (const sockets of Object.values(record)) count += sockets?.length ?? 0;
  return count;
}

/** Closes a pool: its idle connections now, those carrying a request when the request ends. */
function close(s: State, key: string): void {
  const pool = s.pools.get(key);
  if (!pool) return;
  s.pools.delete(key);
  for (const agent of [pool.calls, pool.streams]) {
    agent.keepSocketAlive = () => false;
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }
  if (socketCount(pool.calls.sockets) + socketCount(pool.streams.sockets) > 0) s.closing.add(pool);
}

/** The kept-alive agent for a request with these TLS options (from KubeConfig.applyToHTTPSOptions), and what counts its new connections. */
export function pooledAgent(kubeconfig: KubeConfig, tls: https.RequestOptions, clusterName: string, use: ConnectionUse): { agent: http.Agent; track(req: http.ClientRequest): void } {
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const s = state();
  const key = poolKey(cluster, tls);
  let pool = s.pools.get(key);
  if (pool) {
    s.pools.delete(key);
  } else {
    pool = { cluster: clusterName, calls: newAgent(kubeconfig, cluster, tls, s.limits, 'call'), streams: newAgent(kubeconfig, cluster, tls, s.limits, 'stream'), seen: new WeakSet() };
    while (s.pools.size >= s.limits.maxPools) close(s, s.pools.keys().next().value!);
  }
  s.pools.set(key, pool);
  const found = pool;
  return {
    agent: use === 'call' ? found.calls : found.streams,
    track(req) {
      req.once('socket', (socket: Socket) => {
        if (found.seen.has(socket)) return;
        found.seen.add(socket);
        countKubeConnection(found.cluster);
      });
    },
  };
}

/** Closes every pool: the kubeconfig or the cluster set changed, and with it what each connection may carry. */
export function closeConnectionPools(): void {
  const s = holder.__watchdeckKubeAgents;
  if (s) for (const key of [...s.pools.keys()]) close(s, key);
}

export interface ConnectionPoolStats {
  pools: number;
  socketsInUse: number;
  socketsFree: number;
}

/** For /metrics: pools alive, and their connections carrying a request or idle (closing pools' included until they end). */
export function connectionPoolStats(): ConnectionPoolStats {
  const s = holder.__watchdeckKubeAgents;
  const stats: ConnectionPoolStats = { pools: s?.pools.size ?? 0, socketsInUse: 0, socketsFree: 0 };
  if (!s) return stats;
  for (const pool of s.closing) if (socketCount(pool.calls.sockets) + socketCount(pool.streams.sockets) === 0) s.closing.delete(pool);
  for (const pool of [...s.pools.values(), ...s.closing]) {
    for (const agent of [pool.calls, pool.streams]) {
      stats.socketsInUse += socketCount(agent.sockets);
      stats.socketsFree += socketCount(agent.freeSockets);
    }
  }
  return stats;
}
