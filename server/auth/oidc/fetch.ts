import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { CustomFetch, FetchBody } from 'openid-client';

/**
 * A fetch for openid-client that trusts `caPem` besides the system's CAs (a provider with a private
 * CA, as the sandbox's). Failures to connect are TypeErrors, as fetch's own are.
 */
export function fetchTrusting(caPem: string): CustomFetch {
  const agent = new https.Agent({ ca: [...rootCertificates, caPem], keepAlive: true });
  return (input, init) => {
    const url = new URL(input);
    const transport = url.protocol === 'http:' ? http : https;
    const body = bodyBytes(init.body as FetchBody);
    const send = (again: boolean) =>
      new Promise<Response>((resolve, reject) => {
        const req = transport.request(url, { method: init.method, headers: init.headers, agent: url.protocol === 'https:' ? agent : undefined, signal: init.signal }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
          res.on('end', () => {
            const status = res.statusCode ?? 502;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
            }
            resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
          });
        });
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive connection the provider closed just as it was reused: the request never reached it, so it is sent once more on a new one (as Node's documentation advises).
          if (!again && req.reusedSocket && err.code === 'ECONNRESET') return resolve(send(true));
          reject(err.name === 'AbortError' ? err : new TypeError('fetch failed', { cause: err }));
        });
        req.end(body);
      });
    return send(false);
  };
}

/** openid-client sends forms (URLSearchParams) and JSON text; streams are not among its requests. */
function bodyBytes(body: FetchBody): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('a streamed request body is not supported');
}
