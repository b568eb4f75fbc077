/** Test scaffolding: a loopback TCP proxy in front of the sandbox's API server whose connections a test can cut and refuse. */
import net from 'node:net';

export interface CutProxy {
  /** https://127.0.0.1:PORT, to put in the console's kubeconfig instead of the API server's URL. */
  url: string;
  /** Connections open through the proxy now. */
  open(): number;
  /** Resets every open connection (RST) and refuses new ones, as an API server that went away. */
  down(): Promise<void>;
  /** Accepts connections again on the same port, as the API server coming back. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startCutProxy(target: string): Promise<CutProxy> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const server = net.createServer((client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    const upstream = net.connect(Number(to.port), to.hostname);
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
  const stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.resetAndDestroy();
  });
  return {
    url: `${to.protocol}//127.0.0.1:${port}`,
    open: () => clients.size,
    down: stop,
    up: () => listen(port),
    close: stop,
  };
}
