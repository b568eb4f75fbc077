/**
 * A fault-injecting proxy on loopback in front of one sandbox endpoint: the API server (HTTPS,
 * re-terminated with a certificate from the proxy's own CA) or the AWS endpoint (HTTP). It forwards
 * each request and streams both bodies, so watches and log follows work through it, and injects
 * the faults set at run time (faults.ts).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { createCertificateAuthority, issueCertificate, type TlsCredentials } from '../kube/tls';
import { awsErrorAnswer, faultSchema, kubeStatusAnswer, matches, type Fault, type FaultTarget } from './faults';

export interface FaultProxyOptions {
  target: FaultTarget;
  /** The real endpoint, e.g. the sandbox's `https://127.0.0.1:PORT`. */
  upstream: string;
  /** PEM of the CA the upstream's certificate chains to. */
  upstreamCa?: string;
  host?: string;
  /** 0 or omitted picks a free port, kept across `refuse`. */
  port?: number;
}

export interface FaultProxyStats {
  /** Client connections accepted since the start. */
  connectionsOpened: number;
  /** Client connections open now. */
  connectionsOpen: number;
  /** Requests received since the start, and how many of them a fault answered, cut or held. */
  requests: number;
  faulted: number;
}

export interface FaultProxy {
  target: FaultTarget;
  url: string;
  /** PEM of the proxy's CA (API server only): what the console's kubeconfig must trust. */
  ca?: string;
  /** Replaces the active faults with these, together. */
  set(...faults: Fault[]): Promise<void>;
  clear(): Promise<void>;
  faults(): Fault[];
  stats(): FaultProxyStats;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

type Certificates = Record<'valid' | 'unknownAuthority' | 'expired' | 'wrongHost', TlsCredentials>;

async function proxyCertificates(): Promise<Certificates> {
  const [ca, stranger] = await Promise.all([createCertificateAuthority('watchdeck-fault-proxy'), createCertificateAuthority('unknown-authority')]);
  const hosts = ['127.0.0.1', 'localhost'];
  const commonName = 'fault-proxy';
  const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const [valid, unknownAuthority, expired, wrongHost] = await Promise.all([
    issueCertificate(ca, { hosts, commonName }),
    issueCertificate(stranger, { hosts, commonName }),
    issueCertificate(ca, { hosts, commonName, validity: { notBefore: new Date(yesterday.getTime() - 24 * 60 * 60 * 1000), notAfter: yesterday } }),
    issueCertificate(ca, { hosts: ['wrong-host.invalid'], commonName }),
  ]);
  return { valid, unknownAuthority, expired, wrongHost };
}

function headersFrom(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) out.push([raw[i], raw[i + 1]]);
  return out;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const host = options.host ?? '127.0.0.1';
  const upstream = new URL(options.upstream);
  const secure = upstream.protocol === 'https:';
  const certificates = options.target === 'apiServer' && secure ? await proxyCertificates() : undefined;
  const agent = secure ? new https.Agent({ keepAlive: true, ca: options.upstreamCa }) : new http.Agent({ keepAlive: true });

  let active: Fault[] = [];
  const stats: FaultProxyStats = { connectionsOpened: 0, connectionsOpen: 0, requests: 0, faulted: 0 };
  const sockets = new Set<Socket>();
  /** Requests being answered, to reset only the connections of those a filter names. */
  const inFlight = new Set<IncomingMessage>();
  /** Connections accepted under `hang` and requests held by it. */
  const hungSockets = new Set<Socket>();
  const held = new Set<ServerResponse>();

  const find = <K extends Fault['kind']>(kind: K) => active.filter((f): f is Extract<Fault, { kind: K }> => f.kind === kind);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    inFlight.add(req);
    res.once('close', () => inFlight.delete(req));

    const delay = find('delay').find((f) => matches(f.match, req));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    if (res.destroyed) return;
    const hang = find('hang').find((f) => f.match && matches(f.match, req));
    if (hang) {
      stats.faulted++;
      held.add(res);
      res.once('close', () => held.delete(res));
      return;
    }
    const status = find('status').find((f) => matches(f.match, req));
    if (status) {
      stats.faulted++;
      const answer = options.target === 'aws' ? awsErrorAnswer(req, status) : kubeStatusAnswer(status.code, status.retryAfterSeconds);
      req.resume();
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
      return;
    }
    const cut = find('reset').find((f) => f.afterBytes !== undefined && matches(f.match, req));
    forward(req, res, delay?.eachWay ? delay.ms : 0, cut?.afterBytes);
  }

  function forward(req: IncomingMessage, res: ServerResponse, answerDelayMs: number, cutAfter: number | undefined): void {
    const headers = headersFrom(req.rawHeaders).filter(([name]) => name.toLowerCase() !== 'host');
    headers.push(['Host', upstream.host]);
    const outgoing = (secure ? https : http).request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: headers.flat(),
      agent,
    });
    // A client that goes away (a closed watch, a reset) ends the upstream request too.
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    outgoing.on('error', () => {
      if (!res.headersSent) {
        const body = JSON.stringify({ message: 'the fault proxy could not reach its upstream' });
        res.writeHead(502, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
      } else res.destroy();
    });
    outgoing.on('response', (answer) => {
      const respond = () => {
        if (res.destroyed) return answer.destroy();
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headersFrom(answer.rawHeaders).flat());
        res.flushHeaders();
        if (cutAfter === undefined) {
          answer.pipe(res);
          return;
        }
        stats.faulted++;
        let sent = 0;
        answer.on('data', (chunk: Buffer) => {
          const room = cutAfter - sent;
          if (room > 0) res.write(chunk.subarray(0, room));
          sent += chunk.length;
          if (sent >= cutAfter) {
            answer.destroy();
            res.socket?.destroy();
          }
        });
        answer.on('end', () => res.end());
      };
      if (answerDelayMs > 0) setTimeout(respond, answerDelayMs);
      else respond();
    });
    req.pipe(outgoing);
  }

  const front = secure ? undefined : http.createServer((req, res) => void handle(req, res));
  const tlsServers = certificates
    ? Object.fromEntries(Object.entries(certificates).map(([name, c]) => [name, https.createServer({ cert: c.certPem, key: c.keyPem }, (req, res) => void handle(req, res))]))
    : undefined;
  for (const server of [front, ...Object.values(tlsServers ?? {})]) {
    if (!server) continue;
    // Watches and log follows stay open as long as the client keeps them.
    server.requestTimeout = 0;
    server.headersTimeout = 0;
    server.keepAliveTimeout = 5_000;
    if (server instanceof https.Server) server.on('tlsClientError', () => {});
  }

  function onConnection(socket: Socket): void {
    stats.connectionsOpened++;
    stats.connectionsOpen++;
    sockets.add(socket);
    socket.once('close', () => {
      stats.connectionsOpen--;
      sockets.delete(socket);
      hungSockets.delete(socket);
    });
    socket.on('error', () => {});
    if (find('hang').some((f) => !f.match)) {
      stats.faulted++;
      hungSockets.add(socket);
      return;
    }
    if (tlsServers) {
      const certificate = find('certificate')[0]?.certificate;
      if (certificate) stats.faulted++;
      tlsServers[certificate ?? 'valid'].emit('connection', socket);
    } else front!.emit('connection', socket);
  }

  const listener = net.createServer(onConnection);
  let port = options.port ?? 0;
  let listening = false;

  function listen(): Promise<void> {
    if (listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, host, () => {
        listener.off('error', reject);
        port = (listener.address() as AddressInfo).port;
        listening = true;
        resolve();
      });
    });
  }

  function stopListening(): Promise<void> {
    if (!listening) return Promise.resolve();
    listening = false;
    return new Promise((resolve) => listener.close(() => resolve()));
  }

  async function set(...faults: Fault[]): Promise<void> {
    const parsed = faults.map((f) => faultSchema.parse(f)).filter((f) => f.kind !== 'none');
    if (!certificates && parsed.some((f) => f.kind === 'certificate')) throw new Error('certificate faults need the API server (HTTPS) proxy');
    active = parsed;
    if (parsed.some((f) => f.kind === 'refuse')) {
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      await closed;
    } else await listen();
    // A certificate is presented at the handshake: kept-alive connections would never see it, so they go, as at a server's restart.
    if (parsed.some((f) => f.kind === 'certificate')) for (const socket of sockets) socket.destroy();
    for (const reset of find('reset')) {
      const cut = [...inFlight].filter((req) => matches(reset.match, req));
      stats.faulted += cut.length;
      if (!reset.match) for (const socket of sockets) socket.destroy();
      else for (const req of cut) req.socket.destroy();
    }
    // What a hang held and no longer holds is cut, as a server that comes back would have lost it.
    if (!parsed.some((f) => f.kind === 'hang')) {
      for (const res of held) res.destroy();
      for (const socket of hungSockets) socket.destroy();
    }
  }

  await listen();
  const scheme = secure ? 'https' : 'http';

  return {
    target: options.target,
    url: `${scheme}://${host}:${port}`,
    ...(certificates ? { ca: certificates.valid.caPem } : {}),
    set,
    clear: () => set(),
    faults: () => [...active],
    stats: () => ({ ...stats }),
    async close() {
      active = [];
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await closed;
    },
  };
}
