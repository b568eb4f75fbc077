/**
 * The sandbox's Kubernetes API server: HTTPS (or HTTP) on loopback, with
 * the real server's filter order: authentication, impersonation,
 * authorization, then discovery, health and the resource handlers.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { World } from '../world/world';
import { JwtAuthenticator, type JwtAuthenticatorConfig, type JwtAuthenticatorOptions } from './auth/jwt';
import { JwtConfigError, validateJwtAuthenticators } from './auth/jwt-config';
import type { Attributes, Authorizer, SandboxUser, UserInfo } from './auth/types';
import { impersonate, TokenAuthenticator } from './authn';
import type { ApiContext } from './http/context';
import type { Upgrade } from './http/exec';
import { AGGREGATED_DISCOVERY_TYPE, aggregatedDiscovery, apiGroupDocument, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION, wantsAggregatedDiscovery } from './http/discovery';
import { serveOpenApi } from './http/openapi';
import { answerErrorsInProtobuf, writeError, writeJson, writeStatus } from './http/respond';
import { writesProtobuf } from './http/protobuf';
import { representation } from './http/read';
import { routeResource } from './http/router';
import { forbiddenError } from './rbac/forbidden';
import { attributesOf, RequestInfoError, requestInfo, type RequestInfo } from './request-info';
import { findServedType, servedResourceTypes } from './registry';
import { storageKey } from './resources';
import type { Store } from './store';
import { statusErrors } from './status';
import type { TlsCredentials } from './tls';

export interface KubeApiServerOptions {
  users: SandboxUser[];
  authorizer: Authorizer;
  /** Serve HTTPS with these; plain HTTP without. */
  tls?: TlsCredentials;
  /** JWT authenticators, as the `jwt` list of an AuthenticationConfiguration. */
  jwt?: JwtAuthenticatorConfig[];
  jwtOptions?: JwtAuthenticatorOptions;
}

export interface KubeApiServer {
  listen(port: number, host: string): Promise<string>;
  /** Resolves once every JWT authenticator has read its issuer's discovery document. */
  jwtReady(): Promise<void>;
  close(): Promise<void>;
}

const COMMON_CHECKS = ['ping', 'log', 'etcd', 'poststarthook/start-apiserver-admission-initializer', 'poststarthook/generic-apiserver-start-informers', 'poststarthook/rbac/bootstrap-roles'];
const HEALTH_CHECKS: Record<string, string[]> = {
  healthz: COMMON_CHECKS,
  livez: COMMON_CHECKS,
  readyz: ['ping', 'log', 'etcd', 'etcd-readiness', 'informer-sync', ...COMMON_CHECKS.slice(3), 'shutdown'],
};

export function createKubeApiServer(world: World, options: KubeApiServerOptions): KubeApiServer {
  const jwtErrors = validateJwtAuthenticators(options.jwt ?? []);
  if (jwtErrors.length > 0) throw new JwtConfigError(jwtErrors);
  const jwt = (options.jwt ?? []).map((config) => new JwtAuthenticator(config, options.jwtOptions));
  const authenticator = new TokenAuthenticator(options.users, jwt);
  const { authorizer } = options;

  const authorize = (attributes: Attributes) => {
    const result = authorizer.authorize(attributes);
    if (result.decision !== 'allow') throw forbiddenError(attributes, result.reason);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, upgrade?: Upgrade) => {
    try {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const requestor = await authenticator.authenticate(req);
      const user = impersonate(req, requestor, authorize);
      let info: RequestInfo;
      try {
        info = requestInfo(req.method ?? 'GET', url);
      } catch (err) {
        if (err instanceof RequestInfoError) throw statusErrors.internal(err.message);
        throw err;
      }
      // Its Status too, when the answer would be protobuf: the authorizer's Forbidden among them.
      if (writesProtobuf(info) && 'protobuf' in representation(req.headers.accept)) answerErrorsInProtobuf(res);
      authorize(attributesOf(info, user));
      if (!info.isResourceRequest) return serveNonResource(world.store, req, res, url);
      await serveResource({ world, tokens: authenticator, authorizer, authorize }, req, res, url, info, user, upgrade);
    } catch (err) {
      writeError(res, err);
    }
  };

  const server = options.tls ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => void handle(req, res)) : http.createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;
  // exec and attach upgrade the connection; every other request that asks to is answered over HTTP, then closed.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const res = new http.ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.on('finish', () => socket.end());
    void handle(req, res, { socket, head });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const scheme = options.tls ? 'https' : 'http';

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve(`${scheme}://${host}:${address.port}`);
        });
      });
    },
    async jwtReady() {
      await Promise.all(jwt.map((a) => a.ready()));
    },
    close() {
      for (const a of jwt) a.close();
      return new Promise((resolve) => {
        // Watches and followed logs stay open until their sockets go.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function serveNonResource(store: Store, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const health = /^\/(healthz|livez|readyz)(?:\/(.+))?$/.exec(path);
  if (health) {
    const checks = HEALTH_CHECKS[health[1]];
    if (health[2] && !checks.includes(health[2])) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('404 page not found\n');
      return;
    }
    const verbose = url.searchParams.has('verbose') && !health[2];
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(verbose ? `${checks.map((c) => `[+]${c} ok`).join('\n')}\n${health[1]} check passed\n` : 'ok');
    return;
  }
  if (path === '/version') return writeJson(res, 200, SERVER_VERSION);
  if (path.startsWith('/openapi/') && serveOpenApi(store, req, res, path, url)) return;
  const aggregated = wantsAggregatedDiscovery(req.headers.accept);
  const types = servedResourceTypes(store);
  if (path === '/api' || path === '/apis') {
    res.setHeader('Vary', 'Accept');
    if (aggregated) return writeJson(res, 200, aggregatedDiscovery(path === '/api' ? 'api' : 'apis', types), AGGREGATED_DISCOVERY_TYPE);
    return writeJson(res, 200, path === '/api' ? apiVersions() : apiGroupList(types));
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) {
    const list = apiResourceList('', parts[1], types);
    if (list) return writeJson(res, 200, list);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const group = apiGroupDocument(parts[1], types);
    if (group) return writeJson(res, 200, group);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const list = apiResourceList(parts[1], parts[2], types);
    if (list) return writeJson(res, 200, list);
  }
  if (parts[0] === 'api' || parts[0] === 'apis') return writeStatus(res, statusErrors.notFoundResource().status);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('404 page not found\n');
}

async function serveResource(
  server: Pick<ApiContext, 'world' | 'tokens' | 'authorizer' | 'authorize'>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
  user: UserInfo,
  upgrade?: Upgrade,
): Promise<void> {
  const type = findServedType(server.world.store, info.apiGroup, info.resource);
  if (!type || !type.versions.includes(info.apiVersion)) throw statusErrors.notFoundResource();
  // Cluster-scoped kinds have no namespaced URLs; namespaced ones have no un-namespaced URLs for one object.
  if (!type.namespaced && info.namespace && info.resource !== 'namespaces') throw statusErrors.notFoundResource();
  if (type.namespaced && !info.namespace && (info.name || info.verb === 'create' || info.verb === 'deletecollection')) {
    if (!(type.group === 'authorization.k8s.io' || type.group === 'authentication.k8s.io')) throw statusErrors.notFoundResource();
  }
  if (info.subresource && !type.subresources?.includes(info.subresource)) throw statusErrors.notFoundResource();
  const ctx: ApiContext = {
    ...server,
    store: server.world.store,
    req,
    res,
    url,
    info,
    user,
    type,
    version: info.apiVersion,
    resource: storageKey(type),
    namespace: type.namespaced ? info.namespace || undefined : undefined,
    upgrade,
  };
  await routeResource(ctx);
}
