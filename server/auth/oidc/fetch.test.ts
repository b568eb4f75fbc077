import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTlsCredentials } from '@/sandbox/kube/tls';
import { fetchTrusting } from './fetch';

describe('the fetch that reaches the OpenID provider', () => {
  let server: https.Server;
  let url: string;
  let caPem: string;
  const sockets = new Set<Socket>();
  let requests = 0;

  beforeAll(async () => {
    const tls = await createTlsCredentials({ hosts: ['127.0.0.1'] });
    caPem = tls.caPem;
    server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      requests++;
      req.resume();
      // The second request, on the connection kept alive after the first, finds it closed: as a provider's idle timeout ending it just then.
      if (requests === 2) return req.socket.destroy();
      res.end(JSON.stringify({ request: requests }));
    });
    server.on('secureConnection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends a request once more on a new connection when the provider reset the kept-alive one it reused', async () => {
    const fetch = fetchTrusting(caPem);
    const first = await fetch(url, { method: 'POST', headers: {}, body: 'grant_type=authorization_code', redirect: 'manual' } as never);
    expect(await first.json()).toEqual({ request: 1 });
    const second = await fetch(url, { method: 'POST', headers: {}, body: 'grant_type=refresh_token', redirect: 'manual' } as never);
    expect(await second.json()).toEqual({ request: 3 });
    // The first connection carried the first two requests; the third went on a new one.
    expect(sockets.size).toBe(2);
  });
});
