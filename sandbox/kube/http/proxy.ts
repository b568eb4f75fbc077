/**
 * pods/proxy and services/proxy: the API server relays an HTTP request to a
 * pod's port (pkg/registry/core/pod/strategy.go ResourceLocation) or to a
 * ready endpoint of a service (pkg/registry/core/service/storage), and
 * relays the answer. Here the "network" is the simulated containers: a
 * running container answers on its declared ports with what its image serves
 * (sandbox/world/container-system.ts); anything else is refused as a dial is.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { containerSystem } from '../../world/container-system';
import type { KubeObject } from '../store';
import { statusErrors, StatusError } from '../status';
import type { ApiContext } from './context';
import { containerRunning } from './log';

interface Port {
  name?: string;
  containerPort?: number;
  port?: number;
  targetPort?: number | string;
}

/** "scheme:name:port", "name:port" or "name", as utilnet.SplitSchemeNamePort reads it. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length === 1) return { scheme: '', name: parts[0], port: '' };
  if (parts.length === 2) return { scheme: '', name: parts[0], port: parts[1] };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https' || parts[0] === '')) return { scheme: parts[0], name: parts[1], port: parts[2] };
  return undefined;
}

function serviceUnavailable(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'ServiceUnavailable', code: 503 });
}

function refused(ip: string, port: number): StatusError {
  return serviceUnavailable(`error trying to reach service: dial tcp ${ip}:${port}: connect: connection refused`);
}

/** The path after ".../proxy", with the query the client sent. */
function forwardedPath(ctx: ApiContext): string {
  const marker = ctx.url.pathname.indexOf('/proxy');
  const rest = ctx.url.pathname.slice(marker + '/proxy'.length) || '/';
  return rest + ctx.url.search;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** What listens on the pod's `port`: a running container that declares it and serves HTTP, answering any path; undefined when a dial would be refused. */
export function podListener(ctx: Pick<ApiContext, 'store'>, pod: KubeObject, port: number): ((path: string) => HttpAnswer) | undefined {
  const containers = (pod.spec?.containers ?? []) as { name: string; ports?: Port[] }[];
  const listening = containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === port));
  if (!listening || !containerRunning(pod, listening.name)) return undefined;
  const http = containerSystem(ctx.store, { pod, container: listening.name })?.http;
  if (!http) return undefined;
  return (path) => http(path) ?? { status: 404, body: JSON.stringify({ status: 404, error: 'Not Found', path: path.split('?')[0] }) };
}

/** What the pod answers on `port`, or the dial's refusal. */
function podAnswer(ctx: ApiContext, pod: KubeObject, port: number, path: string): HttpAnswer {
  const listener = podListener(ctx, pod, port);
  if (!listener) throw refused(pod.status?.podIP as string, port);
  return listener(path);
}

/** The container's answer as its server writes it. */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: HttpAnswer): void {
  const json = answer.body.startsWith('{') || answer.body.startsWith('[');
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': json ? 'application/json' : answer.body.startsWith('<') ? 'text/html' : 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    Date: new Date().toUTCString(),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function podLocation(ctx: ApiContext, id: string): { pod: KubeObject; port: number } {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw statusErrors.badRequest(`invalid request "${id}"`);
  const pod = ctx.store.mustGet('pods', ctx.namespace, parsed.name);
  let port = parsed.port;
  if (!port) {
    for (const c of (pod.spec?.containers ?? []) as { ports?: Port[] }[]) {
      if (c.ports?.length) {
        port = String(c.ports[0].containerPort);
        break;
      }
    }
  }
  if (!pod.status?.podIP) throw statusErrors.badRequest('address not allowed');
  const number = Number(port || 80);
  if (!Number.isInteger(number) || number < 1 || number > 65535) throw statusErrors.badRequest(`invalid port "${port}"`);
  return { pod, port: number };
}

function serviceLocation(ctx: ApiContext, id: string): { pod: KubeObject; port: number } {
  const parsed = splitSchemeNamePort(id);
  if (!parsed) throw statusErrors.badRequest(`invalid request "${id}"`);
  const service = ctx.store.mustGet('services', ctx.namespace, parsed.name);
  const ports = (service.spec?.ports ?? []) as Port[];
  const servicePort = parsed.port ? ports.find((p) => p.name === parsed.port || String(p.port) === parsed.port) : ports[0];
  if (!servicePort) throw serviceUnavailable(`no endpoints available for service "${id}"`);
  const endpoints = ctx.store.get('endpoints', ctx.namespace, parsed.name);
  const subsets = (endpoints?.subsets ?? []) as { addresses?: { targetRef?: { name: string } }[]; ports?: Port[] }[];
  for (const subset of subsets) {
    const port = (subset.ports ?? []).find((p) => (servicePort.name ? p.name === servicePort.name : true));
    for (const address of subset.addresses ?? []) {
      const pod = address.targetRef ? ctx.store.get('pods', ctx.namespace, address.targetRef.name) : undefined;
      if (pod && port?.port) return { pod, port: port.port };
    }
  }
  throw serviceUnavailable(`no endpoints available for service "${id}"`);
}

export function proxyHandler(ctx: ApiContext): void {
  if (ctx.type.kind !== 'Pod' && ctx.type.kind !== 'Service') throw statusErrors.notFoundResource();
  const id = ctx.info.name;
  const { pod, port } = ctx.type.kind === 'Pod' ? podLocation(ctx, id) : serviceLocation(ctx, id);
  writeAnswer(ctx.req, ctx.res, podAnswer(ctx, pod, port, forwardedPath(ctx)));
}
