import 'server-only';
/** Test scaffolding: a loopback TCP proxy in front of the sandbox's API server whose connections a test can cut and refuse. */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '@/sandbox';
import { useTestConsole } from './setup';

export interface CutProxy {
  /** https://127.0.0.1:PORT, to put in the console's kubeconfig instead of the API server's URL. */
  url: string;
  /** Connections open through the proxy now. */
  open(): number;
  /** Resets every open connection (RST) and refuses new ones, as an API server that went away. */
  down(): Promise<void>;
  /** Stops passing bytes on the open connections without closing them, as an API server gone without a reset; new ones pass. */
  stall(): void;
  /** Accepts connections again on the same port, as the API server coming back. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startCutProxy(target: string): Promise<CutProxy> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    clients.add(client);
    const upstream = net.connect(Number(to.port), to.hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => {
      clients.delete(client);
      pairs.delete(pair);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.resetAndDestroy();
    });
  return {
    url: `${to.protocol}//127.0.0.1:${port}`,
    open: () => clients.size,
    down: stop,
    stall() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    up: () => listen(port),
    close: stop,
  };
}

export interface ProxiedSandbox {
  sandbox: Sandbox;
  proxy: CutProxy;
  /** A request to the console as the sandbox's admin (Bearer token). */
  request(url: string): Request;
  close(): Promise<void>;
}

/** The sandbox in manual mode and a console in token mode that reaches its API server only through a CutProxy. */
export async function startProxiedSandbox(): Promise<ProxiedSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-cut-'));
  const sandbox = await startSandbox({ seed: 1, mode: 'manual', dir });
  const proxy = await startCutProxy(sandbox.url);
  const kubeconfig = fs.readFileSync(sandbox.files!.consoleKubeconfig, 'utf8').replaceAll(sandbox.url, proxy.url);
  const console = await useTestConsole(kubeconfig, { authMode: 'token', namespaces: ['eks-work', 'rbac-test-ns'] });
  const token = sandbox.users.find((u) => u.username === 'admin')!.token;
  return {
    sandbox,
    proxy,
    request: (url) => new Request(`http://console.test:3000${url}`, { headers: { authorization: `Bearer ${token}` } }),
    async close() {
      await console.close();
      await proxy.close();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
