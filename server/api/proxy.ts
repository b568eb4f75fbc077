import 'server-only';
import { Readable } from 'node:stream';
import { PROXIED_PAGE_POLICY } from '@/lib/content-security-policy';
import { consoleErrors } from '../errors';
import { callerClient } from './cluster-client';

export interface ProxyTarget {
  resource: 'pods' | 'services';
  namespace: string;
  /** The object's name, or `name:port` (`scheme:name:port` for services) as the API server's proxy reads it. */
  name: string;
}

/**
 * A GET through pods/proxy or services/proxy, as the caller: the answer of the pod's (or a ready endpoint's) port.
 * Only navigations and requests from the console itself are relayed: a link on another site must not make a
 * signed-in browser call a pod's HTTP API as its user, which the session cookie (SameSite=Lax) would otherwise allow.
 */
export async function clusterProxy(request: Request, cluster: string, target: ProxyTarget, path: string[]): Promise<Response> {
  const site = request.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw consoleErrors.csrfRejected(`a proxied page opens only from the console (Sec-Fetch-Site: ${site})`);
  const { client } = await callerClient(request, cluster);
  const abort = new AbortController();
  request.signal.addEventListener('abort', () => abort.abort());
  const stream = await client.proxy(
    { group: '', version: 'v1', namespace: target.namespace, resource: target.resource, name: target.name, subresource: 'proxy' },
    path,
    new URL(request.url).searchParams,
    abort.signal,
  );
  return new Response(Readable.toWeb(stream.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': stream.contentType || 'application/octet-stream',
      'Content-Security-Policy': PROXIED_PAGE_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  });
}

const DNS_LABEL_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PORT = /^([1-9][0-9]{0,4}|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

/** `name`, `name:port` or (services) `scheme:name:port`, checked part by part as the API server's proxy splits it. */
export function proxyTargetName(value: string, resource: ProxyTarget['resource']): string {
  const parts = value.split(':');
  const [scheme, name, port] = parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : ['', parts[0], ''];
  if (parts.length > 3 || (parts.length === 3 && resource !== 'services')) throw consoleErrors.badRequest(`invalid proxy target "${value}": name or name:port`);
  if (scheme && scheme !== 'http' && scheme !== 'https') throw consoleErrors.badRequest(`invalid proxy target "${value}": the scheme is http or https`);
  if (name.length > 253 || !DNS_LABEL_NAME.test(name)) throw consoleErrors.badRequest(`invalid proxy target "${value}": a name is a DNS-1123 subdomain`);
  if (port && (!PORT.test(port) || port.length > 15 || (/^\d+$/.test(port) && Number(port) > 65535))) {
    throw consoleErrors.badRequest(`invalid proxy target "${value}": a port is a number from 1 to 65535 or a port name`);
  }
  return value;
}
