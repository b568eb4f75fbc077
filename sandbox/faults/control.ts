/**
 * The proxies in front of a sandbox, and their loopback control endpoint (JSON) for e2e tests and
 * the chaos bench, run in another process than the one that injects faults:
 *
 *   GET    /faults   {"apiServer": [...], "aws": [...]}    the active faults
 *   PUT    /faults   {"apiServer": [...]?, "aws": [...]?}  replaces the faults of the targets named
 *   DELETE /faults                                         clears every fault
 *   GET    /stats    {"apiServer": {...}, "aws": {...}}    connections and requests counted
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { readBody, reply } from '../control-http';
import { faultSchema } from './faults';
import { startFaultProxy, type FaultProxy } from './proxy';

export interface FaultProxies {
  apiServer: FaultProxy;
  aws: FaultProxy;
  control: { url: string };
  close(): Promise<void>;
}

const putBody = z.object({ apiServer: z.array(faultSchema).optional(), aws: z.array(faultSchema).optional() }).strict();

async function route(proxies: Pick<FaultProxies, 'apiServer' | 'aws'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  const faults = () => ({ apiServer: proxies.apiServer.faults(), aws: proxies.aws.faults() });
  if (path === '/stats' && req.method === 'GET') return reply(res, 200, { apiServer: proxies.apiServer.stats(), aws: proxies.aws.stats() });
  if (path !== '/faults') return reply(res, 404, { message: `no ${path} here: GET/PUT/DELETE /faults, GET /stats` });
  if (req.method === 'GET') return reply(res, 200, faults());
  if (req.method === 'DELETE') {
    await Promise.all([proxies.apiServer.clear(), proxies.aws.clear()]);
    return reply(res, 200, faults());
  }
  if (req.method !== 'PUT') return reply(res, 405, { message: `${req.method} /faults: use GET, PUT or DELETE` });
  // A page cannot send this without a CORS preflight, which this endpoint never grants.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(res, 415, { message: 'PUT /faults takes application/json' });
  const parsed = putBody.safeParse(
    await readBody(req)
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined),
  );
  if (!parsed.success) return reply(res, 400, { message: `not a fault set: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  try {
    if (parsed.data.apiServer) await proxies.apiServer.set(...parsed.data.apiServer);
    if (parsed.data.aws) await proxies.aws.set(...parsed.data.aws);
  } catch (err) {
    return reply(res, 400, { message: (err as Error).message });
  }
  return reply(res, 200, faults());
}

/** Proxies for the sandbox's API server and AWS endpoint and their control; with `dir`, written to `dir/faults.json`. */
export async function startFaultProxies(sandbox: { url: string; caData?: string; aws: { url: string } }, options: { host?: string; dir?: string } = {}): Promise<FaultProxies> {
  const host = options.host ?? '127.0.0.1';
  const [apiServer, aws] = await Promise.all([
    startFaultProxy({ target: 'apiServer', upstream: sandbox.url, upstreamCa: sandbox.caData, host }),
    startFaultProxy({ target: 'aws', upstream: sandbox.aws.url, host }),
  ]);
  const server = createServer((req, res) => {
    route({ apiServer, aws }, req, res).catch((err: unknown) => reply(res, 500, { message: (err as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const control = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  if (options.dir) {
    await mkdir(options.dir, { recursive: true });
    const file = { apiServer: { url: apiServer.url }, aws: { url: aws.url }, control };
    await writeFile(join(options.dir, 'faults.json'), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o644 });
  }
  return {
    apiServer,
    aws,
    control,
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), apiServer.close(), aws.close()]);
    },
  };
}
