import 'server-only';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { config, DEFAULT_TIMEOUTS, type Timeouts } from '../config';
import { ConsoleError, consoleErrors } from '../errors';
import { kubeRequestTimer } from '../observability/metrics';
import { decodeStatus, isProtobuf } from '@/lib/k8s/protobuf-schemas';
import { credentialsPluginFailed, fromNetworkError, fromResponse, RequestTimeoutError, type Endpoint } from './errors';
import { execCredential, forgetExecCredential } from './exec-credential';
import { pooledAgent, type ConnectionUse } from './agents';
import type { RequestIdentity } from './identity';
import { loadedClusters } from './clusters';
import { findContext, kubeconfigInvalid, singleContextConfig, type ClusterContext } from './kubeconfig';

/** A resource or collection on the API server, named by its parts; the client builds the path. */
export interface ResourceRef {
  /** "" for the core group. */
  group: string;
  version: string;
  /** Plural resource name, e.g. "pods". */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform: string;
}

/** How to ask: `accept` replaces application/json (a meta.k8s.io Table, aggregated discovery). */
export interface GetOptions {
  accept?: string;
  /**
   * Reads an answer in application/vnd.kubernetes.protobuf, for an `accept` that offers it; the
   * API server may still answer JSON, which is parsed as usual.
   */
  protobuf?: (body: Uint8Array) => unknown;
}

/** The discovery documents: /api, /apis, /api/v1 and /apis/{group}/{version}. */
const DISCOVERY_PATH = /^\/(api|apis)(\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?){0,2}$/;

export interface KubeClient {
  readonly cluster: string;
  readonly server: string;
  /** GET of an object (ref with name) or a collection. */
  get<T>(ref: ResourceRef, query?: Query, options?: GetOptions): Promise<T>;
  /** POST of a new object; `query` carries dryRun, fieldManager and fieldValidation. */
  create<T>(ref: ResourceRef, body: unknown, query?: Query): Promise<T>;
  version(): Promise<VersionInfo>;
}

const SEGMENT = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Names may also hold colons (RBAC's `system:aggregate-to-view`); a colon is a path character, sent as is like client-go does. */
const NAME_SEGMENT = /^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/;

function segment(value: string, what: string, pattern = SEGMENT): string {
  if (!pattern.test(value) || value.includes('..')) throw consoleErrors.badRequest(`invalid ${what} "${value}"`);
  return encodeURIComponent(value).replaceAll('%3A', ':');
}

export function resourcePath(ref: ResourceRef, query?: Query): string {
  const parts = ref.group ? ['apis', segment(ref.group, 'API group'), segment(ref.version, 'version')] : ['api', segment(ref.version, 'version')];
  if (ref.namespace !== undefined) parts.push('namespaces', segment(ref.namespace, 'namespace'));
  parts.push(segment(ref.resource, 'resource'));
  if (ref.name !== undefined) parts.push(segment(ref.name, 'name', NAME_SEGMENT));
  if (ref.subresource !== undefined) parts.push(segment(ref.subresource, 'subresource'));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
  const qs = search.toString();
  return `/${parts.join('/')}${qs ? `?${qs}` : ''}`;
}

interface Target extends Endpoint {
  /** One cluster and one user: applies CA, client certificates, tokens and credential plugins. */
  kubeconfig: KubeConfig;
  /** Header values as lists: each value is sent as its own header line (Impersonate-Group needs one per group). */
  extraHeaders: Record<string, string[]>;
  /** The context's user when its credential comes from an exec plugin, which the console runs itself (exec-credential.ts). */
  execUser?: User;
}

function target(context: ClusterContext, identity: RequestIdentity): Target {
  const endpoint = { cluster: context.name, server: context.cluster.server };
  const execUser = context.user?.exec ? context.user : undefined;
  switch (identity.mode) {
    case 'kubeconfig':
      return { ...endpoint, credentials: 'kubeconfig', kubeconfig: context.contextConfig, extraHeaders: {}, execUser };
    case 'token':
      return {
        ...endpoint,
        credentials: 'token',
        kubeconfig: singleContextConfig(context.cluster, { name: 'watchdeck-session', token: identity.token }),
        extraHeaders: {},
      };
    case 'proxy':
      return {
        ...endpoint,
        credentials: 'kubeconfig',
        kubeconfig: context.contextConfig,
        extraHeaders: { 'Impersonate-User': [identity.username], 'Impersonate-Group': identity.groups },
        execUser,
      };
  }
}

/** The target's kubeconfig with the exec plugin's credential in place of the plugin. */
async function withExecCredential(t: Target, user: User, timeouts: Timeouts): Promise<KubeConfig> {
  const credential = await execCredential(user, timeouts.responseMs);
  const pem = (text?: string) => (text ? Buffer.from(text).toString('base64') : undefined);
  return singleContextConfig(t.kubeconfig.getCurrentCluster()!, {
    ...user,
    exec: undefined,
    ...(credential.token ? { token: credential.token } : {}),
    ...(credential.clientCertificateData ? { certData: pem(credential.clientCertificateData), keyData: pem(credential.clientKeyData) } : {}),
  });
}

interface Prepared {
  headers: http.OutgoingHttpHeaders;
  agent: http.Agent;
  /** Counts the request's connection when it is a new one. */
  track(req: http.ClientRequest): void;
  auth?: string | null;
}

async function requestHeaders(t: Target, timeouts: Timeouts, use: ConnectionUse): Promise<Prepared> {
  const opts: https.RequestOptions = {};
  let kubeconfig: KubeConfig;
  try {
    kubeconfig = t.execUser ? await withExecCredential(t, t.execUser, timeouts) : t.kubeconfig;
    await kubeconfig.applyToHTTPSOptions(opts);
  } catch (err) {
    const command = execCommand(t);
    // A file the kubeconfig names (CA, client certificate) is read before any plugin runs.
    const syscall = (err as NodeJS.ErrnoException).syscall;
    if (command && (!syscall || syscall.startsWith('spawn'))) throw credentialsPluginFailed(err, t, command);
    throw kubeconfigInvalid(`cannot get credentials for cluster "${t.cluster}": ${(err as Error).message.trim()}`);
  }
  const headers: http.OutgoingHttpHeaders = { ...(opts.headers as http.OutgoingHttpHeaders | undefined), Accept: 'application/json' };
  for (const [name, values] of Object.entries(t.extraHeaders)) {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
    if (values.length > 0) headers[name] = values;
  }
  // The credential stays in the headers; the connection comes from the pool of its TLS identity.
  const { agent, track } = pooledAgent(kubeconfig, opts, t.cluster, use);
  return { headers, agent, track, auth: opts.auth };
}

/** The exec credential plugin's command of the target's user (the legacy auth-provider form too), if it has one. */
function execCommand(t: Target): string | undefined {
  const user = t.kubeconfig.getCurrentUser();
  const exec = (user?.exec ?? user?.authProvider?.config?.exec) as { command?: unknown } | undefined;
  return typeof exec?.command === 'string' ? exec.command : undefined;
}

/**
 * Bounds a request by the console's timeouts: reaching the server (name lookup, TCP and TLS) within
 * connectMs, then every wait for the answer within responseMs, so a blackholed address fails fast.
 */
function bounded(req: http.ClientRequest, timeouts: Timeouts): http.ClientRequest {
  req.setTimeout(timeouts.responseMs, () => req.destroy(new RequestTimeoutError(timeouts.responseMs)));
  req.once('socket', (socket: Socket) => {
    // A proxy agent may hand over a socket already connected; its answer is still bounded above.
    if (!socket.connecting) return;
    const timer = setTimeout(() => req.destroy(new RequestTimeoutError(timeouts.connectMs, socket.connecting ? 'connect' : 'handshake')), timeouts.connectMs);
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
  });
  return req;
}

/** What a request is, as the metrics name it: the verb as RBAC says it and the resource (`pods/log` for a subresource). */
interface Call {
  verb: string;
  resource: string;
}

function callOf(ref: ResourceRef, query: Query | undefined, verb?: string): Call {
  const resource = ref.subresource ? `${ref.resource}/${ref.subresource}` : ref.resource;
  return { verb: verb ?? (query?.watch ? 'watch' : ref.name !== undefined ? 'get' : 'list'), resource };
}

/** Times and counts a request, credentials included, when it settles: with the status it was answered, or "error" when none came. */
function counted<T>(t: Target, call: Call, request: (answered: (code: number) => void) => Promise<T>): Promise<T> {
  const done = kubeRequestTimer(t.cluster, call.verb, call.resource);
  let status: number | undefined;
  const settle = () => done(status ?? 'error');
  return request((code) => (status = code)).then(
    (value) => {
      settle();
      return value;
    },
    (err: unknown) => {
      settle();
      throw err;
    },
  );
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function send(
  t: Target,
  call: Call,
  method: Method,
  path: string,
  body: unknown,
  timeouts: Timeouts,
  accept?: string,
  contentType?: string,
  protobuf?: (body: Uint8Array) => unknown,
): Promise<unknown> {
  return counted(t, call, (answered) => sendRequest(t, method, path, body, timeouts, answered, accept, contentType, protobuf));
}

/**
 * Sends one request on a pooled connection. A GET whose kept-alive connection the server closed as
 * it went out (nothing answered) is sent once more, as Go's transport retries it.
 */
function issue(
  t: Target,
  url: URL,
  options: https.RequestOptions,
  prepared: Prepared,
  timeouts: Timeouts,
  payload: Buffer | undefined,
  onResponse: (req: http.ClientRequest, res: http.IncomingMessage) => void,
  fail: (err: unknown) => void,
): void {
  const transport = url.protocol === 'http:' ? http : https;
  const attempt = (retry: boolean) => {
    let answered = false;
    const req = transport.request(url, { ...options, headers: prepared.headers, agent: prepared.agent, auth: prepared.auth }, (res) => {
      answered = true;
      onResponse(req, res);
    });
    prepared.track(req);
    bounded(req, timeouts).on('error', (err: NodeJS.ErrnoException) => {
      if (retry && !answered && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return attempt(false);
      fail(fromNetworkError(err, t));
    });
    req.end(payload);
  };
  attempt(options.method === 'GET');
}

async function sendRequest(
  t: Target,
  method: Method,
  path: string,
  body: unknown,
  timeouts: Timeouts,
  answered: (code: number) => void,
  accept?: string,
  contentType = 'application/json',
  protobuf?: (body: Uint8Array) => unknown,
): Promise<unknown> {
  const prepared = await requestHeaders(t, timeouts, 'call');
  if (accept) prepared.headers.Accept = accept;
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  if (payload) {
    prepared.headers['Content-Type'] = contentType;
    prepared.headers['Content-Length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    issue(
      t,
      new URL(t.server + path),
      { method },
      prepared,
      timeouts,
      payload,
      (_req, res) => {
        answered(res.statusCode ?? 0);
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => reject(fromNetworkError(err, t)));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const code = res.statusCode ?? 0;
          if (isProtobuf(res.headers['content-type'])) {
            // An error's Status comes in the answer's encoding too.
            if (code < 200 || code > 299) return reject(fromResponse(code, statusText(raw), t, res.headers));
            if (!protobuf) return reject(fromResponse(502, 'the API server answered in protobuf, which was not asked for', t));
            try {
              return resolve(protobuf(raw));
            } catch (err) {
              return reject(fromResponse(502, `unreadable protobuf: ${(err as Error).message}`, t));
            }
          }
          const text = raw.toString('utf8');
          if (code < 200 || code > 299) return reject(fromResponse(code, text, t, res.headers));
          try {
            resolve(JSON.parse(text));
          } catch {
            reject(fromResponse(502, `not JSON: ${text.slice(0, 200)}`, t));
          }
        });
      },
      reject,
    );
  });
}

/** A protobuf Status as the JSON text the errors read, or nothing when it is not one. */
function statusText(raw: Uint8Array): string {
  try {
    return JSON.stringify(decodeStatus(raw));
  } catch {
    return '';
  }
}

/** A response body read as it arrives: watches and logs. */
export interface KubeStream {
  body: Readable;
  contentType: string;
  /** Ends the request; safe to call more than once. */
  close(): void;
}

export interface StreamingKubeClient extends KubeClient {
  /**
   * A GET whose body is read as it arrives (watch, follow logs). Resolves once the API server
   * answers 2xx; any other answer rejects with its Status, as `get` does.
   */
  stream(ref: ResourceRef, query?: Query, signal?: AbortSignal, options?: GetOptions): Promise<KubeStream>;
  /** GET of a discovery document; any other path is refused before it is sent. */
  discovery<T>(path: string, options?: GetOptions): Promise<T>;
  /** PUT of a whole object; its metadata.resourceVersion makes it fail with 409 Conflict if the object changed since. */
  replace<T>(ref: ResourceRef, body: unknown): Promise<T>;
  /** PATCH of an object or subresource in one of the API server's patch types; a string body is sent as it is (apply YAML). */
  patch<T>(ref: ResourceRef, type: PatchType, body: unknown, query?: Query): Promise<T>;
  /** DELETE of an object with DeleteOptions (grace period, propagation policy, preconditions, dryRun). */
  delete<T>(ref: ResourceRef, options?: DeleteOptions, query?: Query): Promise<T>;
  /** GET through a proxy subresource (`ref.subresource` "proxy"): `path` is the target's own path, segment by segment, checked and encoded. */
  proxy(ref: ResourceRef, path: string[], query: URLSearchParams, signal?: AbortSignal): Promise<KubeStream>;
}

/** A proxied path's segment: URL path characters only, never `.` or `..`, which a server would resolve away from the proxy. */
/** Longer paths are refused before they reach the API server, whose own limit would answer with less to say. */
const MAX_PROXY_PATH = 4096;

const PROXY_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;

export function proxyPath(ref: ResourceRef, path: string[], query: URLSearchParams): string {
  if (ref.subresource !== 'proxy') throw consoleErrors.badRequest(`invalid proxy subresource "${ref.subresource ?? ''}"`);
  const length = path.reduce((n, part) => n + part.length + 1, 0);
  if (length > MAX_PROXY_PATH) throw consoleErrors.uriTooLong(`a proxied path has at most ${MAX_PROXY_PATH} characters (got ${length})`);
  for (const part of path) {
    if (!PROXY_SEGMENT.test(part) || part === '.' || part === '..') throw consoleErrors.badRequest(`invalid proxied path segment "${part}"`);
  }
  const qs = query.toString();
  return `${resourcePath(ref)}/${path.map((part) => encodeURIComponent(part)).join('/')}${qs ? `?${qs}` : ''}`;
}

/** The Content-Type of each patch type the API server takes. */
export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

export type PatchType = keyof typeof PATCH_CONTENT_TYPES;

/** meta/v1 DeleteOptions as a DELETE's body. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** Counts the stream's setup, until the response head arrives, not its life. */
function openStream(t: Target, call: Call, path: string, signal: AbortSignal | undefined, timeouts: Timeouts, accept?: string): Promise<KubeStream> {
  return counted(t, call, (answered) => openStreamRequest(t, path, signal, timeouts, answered, accept));
}

async function openStreamRequest(t: Target, path: string, signal: AbortSignal | undefined, timeouts: Timeouts, answered: (code: number) => void, accept?: string): Promise<KubeStream> {
  const prepared = await requestHeaders(t, timeouts, 'stream');
  prepared.headers.Accept = accept ?? 'application/json, */*';
  return new Promise((resolve, reject) => {
    issue(
      t,
      new URL(t.server + path),
      { method: 'GET', signal },
      prepared,
      timeouts,
      undefined,
      (req, res) => {
        const code = res.statusCode ?? 0;
        answered(code);
        if (code < 200 || code > 299) {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => reject(fromNetworkError(err, t)));
          res.on('end', () => reject(fromResponse(code, Buffer.concat(chunks).toString('utf8'), t, res.headers)));
          return;
        }
        // A followed log may be quiet for hours; watches end by their own timeoutSeconds.
        req.setTimeout(0);
        resolve({ body: res, contentType: String(res.headers['content-type'] ?? ''), close: () => req.destroy() });
      },
      reject,
    );
  });
}

export interface KubeClientOptions {
  /** The wait for each part of the answer; absent: the configured one (30 s by default). */
  timeoutMs?: number;
  /** The wait to connect, TLS included; absent: the configured one (10 s by default), at most timeoutMs. */
  connectTimeoutMs?: number;
}

/** The console's one door to a cluster's API server, carrying the request's identity. */
export function kubeClient(identity: RequestIdentity, cluster: string, options: KubeClientOptions = {}): StreamingKubeClient {
  const context = findContext(loadedClusters(), cluster);
  if (identity.mode !== 'token' && !context.user && context.context.user) {
    throw kubeconfigInvalid(`context "${context.name}" refers to user "${context.context.user}", which the kubeconfig does not define`);
  }
  const configured = config().timeouts ?? DEFAULT_TIMEOUTS;
  const responseMs = options.timeoutMs ?? configured.responseMs;
  // A caller that asks for a short answer (leader election's renew deadline) does not wait longer to connect.
  const timeouts: Timeouts = { connectMs: options.connectTimeoutMs ?? Math.min(configured.connectMs, responseMs), responseMs };
  let t = target(context, identity);
  const renew = identity.mode === 'token' ? identity.renew : undefined;
  const execUser = t.execUser;
  let refresh: (() => Promise<void>) | undefined;
  if (renew) {
    refresh = async () => {
      t = target(context, { mode: 'token', token: await renew() });
    };
  } else if (execUser) {
    refresh = async () => forgetExecCredential(execUser);
  }
  // A 401 is asked again once with a new credential (the session's renewal, or the exec plugin run again as client-go does); the API server did nothing with the refused request.
  const call = async <T>(request: (t: Target) => Promise<T>): Promise<T> => {
    try {
      return await request(t);
    } catch (err) {
      if (!refresh || !(err instanceof ConsoleError && err.kind === 'Unauthorized')) throw err;
      const again = refresh;
      refresh = undefined;
      await again();
      return request(t);
    }
  };
  return {
    cluster: t.cluster,
    server: t.server,
    get: <T>(ref: ResourceRef, query?: Query, options?: GetOptions) =>
      call((t) => send(t, callOf(ref, query), 'GET', resourcePath(ref, query), undefined, timeouts, options?.accept, undefined, options?.protobuf)) as Promise<T>,
    discovery: <T>(path: string, options?: GetOptions) => {
      if (!DISCOVERY_PATH.test(path) || path.includes('..')) return Promise.reject(consoleErrors.badRequest(`invalid discovery path "${path}"`));
      return call((t) => send(t, { verb: 'get', resource: 'discovery' }, 'GET', path, undefined, timeouts, options?.accept)) as Promise<T>;
    },
    create: <T>(ref: ResourceRef, body: unknown, query?: Query) => call((t) => send(t, callOf(ref, undefined, 'create'), 'POST', resourcePath(ref, query), body, timeouts)) as Promise<T>,
    replace: <T>(ref: ResourceRef, body: unknown) => call((t) => send(t, callOf(ref, undefined, 'update'), 'PUT', resourcePath(ref), body, timeouts)) as Promise<T>,
    patch: <T>(ref: ResourceRef, type: PatchType, body: unknown, query?: Query) =>
      call((t) => send(t, callOf(ref, undefined, 'patch'), 'PATCH', resourcePath(ref, query), body, timeouts, undefined, PATCH_CONTENT_TYPES[type])) as Promise<T>,
    delete: <T>(ref: ResourceRef, options?: DeleteOptions, query?: Query) =>
      call((t) => send(t, callOf(ref, undefined, 'delete'), 'DELETE', resourcePath(ref, query), { apiVersion: 'v1', kind: 'DeleteOptions', ...options }, timeouts)) as Promise<T>,
    version: () => call((t) => send(t, { verb: 'get', resource: 'version' }, 'GET', '/version', undefined, timeouts)) as Promise<VersionInfo>,
    stream: (ref, query, signal, options) => call((t) => openStream(t, callOf(ref, query), resourcePath(ref, query), signal, timeouts, options?.accept)),
    proxy: async (ref, path, query, signal) => {
      const url = proxyPath(ref, path, query);
      return call((t) => openStream(t, callOf(ref, undefined), url, signal, timeouts, '*/*'));
    },
  };
}

/** What opening a WebSocket (exec, attach) to the API server as an identity needs: the URL, the caller's headers and TLS, and how to read a refusal. */
export interface UpgradeTarget {
  url: URL;
  headers: http.OutgoingHttpHeaders;
  agent: http.Agent;
  auth?: string | null;
  /** The console's error for the API server's non-101 answer. */
  refused(httpStatus: number, body: string, headers: http.IncomingHttpHeaders): ConsoleError;
  /** The console's error for a connection that failed. */
  failed(err: unknown): ConsoleError;
}

/** The request an upgrade to `ref` (a pod's exec or attach) sends, as the identity; the credential stays in its headers and TLS options. */
export async function upgradeTarget(identity: RequestIdentity, cluster: string, ref: ResourceRef, query: URLSearchParams): Promise<UpgradeTarget> {
  const context = findContext(loadedClusters(), cluster);
  if (identity.mode !== 'token' && !context.user && context.context.user) {
    throw kubeconfigInvalid(`context "${context.name}" refers to user "${context.context.user}", which the kubeconfig does not define`);
  }
  const t = target(context, identity);
  const prepared = await requestHeaders(t, config().timeouts ?? DEFAULT_TIMEOUTS, 'stream');
  const qs = query.toString();
  const url = new URL(`${t.server}${resourcePath(ref)}${qs ? `?${qs}` : ''}`);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return {
    url,
    headers: prepared.headers,
    agent: prepared.agent,
    auth: prepared.auth,
    refused: (code, body, headers) => fromResponse(code, body, t, headers),
    failed: (err) => fromNetworkError(err, t),
  };
}
