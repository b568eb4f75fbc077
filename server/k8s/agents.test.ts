import fs from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueCertificate, type TlsCredentials } from '@/sandbox/kube/tls';
import { DEFAULT_CONNECTION_LIMITS, setConfig } from '../config';
import { metricSample } from '../testing/metric-sample';
import { kubeconfigYaml, useTestConsole, type KubeconfigSpec, type TestConsole } from '../testing/setup';
import { closeConnectionPools, connectionPoolStats } from './agents';
import { kubeClient } from './client';

/** What the server saw of one request: which of its connections carried it, and whose credential. */
interface Seen {
  connection: number;
  authorization: string | null;
  clientCertificate: string | null;
}

/** A stand-in API server that numbers the connections it accepts and says, per request, which one it came on. */
class CountingServer {
  readonly seen: Seen[] = [];
  readonly closed: number[] = [];
  private accepted = 0;
  private readonly server: https.Server;
  url = '';

  /** With `closeOnSecond`, a connection's second request finds it closed, as a server's idle timeout closes one as a request goes out. */
  constructor(tls: TlsCredentials, closeOnSecond = false) {
    this.server = https.createServer({ cert: tls.certPem, key: tls.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const socket = req.socket as TLSSocket & { connectionNumber?: number; requests?: number };
      socket.requests = (socket.requests ?? 0) + 1;
      if (closeOnSecond && socket.requests > 1) return socket.destroy();
      const peer = socket.getPeerCertificate();
      this.seen.push({ connection: socket.connectionNumber!, authorization: req.headers.authorization ?? null, clientCertificate: peer?.subject ? String(peer.subject.CN) : null });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'echo' } }));
    });
    // Long enough that only the console's idle timeout closes a connection in these tests.
    this.server.keepAliveTimeout = 60_000;
    this.server.on('secureConnection', (socket: TLSSocket & { connectionNumber?: number }) => {
      const n = ++this.accepted;
      socket.connectionNumber = n;
      socket.on('close', () => this.closed.push(n));
    });
  }

  get connections(): number {
    return this.accepted;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Resolves when the server sees connection `n` close. */
  async closing(n: number): Promise<void> {
    while (!this.closed.includes(n)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  reset(): void {
    this.seen.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const echo = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name: 'echo' };
const pem = (text: string) => Buffer.from(text).toString('base64');

describe('connection pools', () => {
  let server: CountingServer;
  let closing: CountingServer;
  let console_: TestConsole;
  let spec: KubeconfigSpec;
  let kubeconfigFile: string;

  beforeAll(async () => {
    const ca = await createCertificateAuthority('test-ca');
    const [serving, jane, joe] = await Promise.all([
      issueCertificate(ca, { hosts: ['127.0.0.1'], commonName: 'kube-apiserver' }),
      issueCertificate(ca, { hosts: ['jane.invalid'], commonName: 'jane' }),
      issueCertificate(ca, { hosts: ['joe.invalid'], commonName: 'joe' }),
    ]);
    server = new CountingServer(serving);
    closing = new CountingServer(serving, true);
    await Promise.all([server.listen(), closing.listen()]);
    spec = {
      clusters: [
        { name: 'pooled', server: server.url, caPem: serving.caPem },
        { name: 'closing', server: closing.url, caPem: serving.caPem },
      ],
      users: [
        { name: 'token-user', user: { token: 'context-token' } },
        { name: 'jane', user: { 'client-certificate-data': pem(jane.certPem), 'client-key-data': pem(jane.keyPem) } },
        { name: 'joe', user: { 'client-certificate-data': pem(joe.certPem), 'client-key-data': pem(joe.keyPem) } },
      ],
      contexts: [
        { name: 'token', cluster: 'pooled', user: 'token-user' },
        { name: 'jane', cluster: 'pooled', user: 'jane' },
        { name: 'joe', cluster: 'pooled', user: 'joe' },
        { name: 'closing', cluster: 'closing', user: 'token-user' },
      ],
    };
    console_ = await useTestConsole(kubeconfigYaml(spec));
    kubeconfigFile = console_.config.kubeconfigPaths[0];
  });

  afterAll(async () => {
    closeConnectionPools();
    await console_?.close();
    await server?.close();
    await closing?.close();
  });

  beforeEach(async () => {
    // Each test starts with no kept connection, and counts from the server's next one.
    setConfig(console_.config);
    closeConnectionPools();
    await Promise.all(Array.from({ length: server.connections }, (_, i) => server.closing(i + 1)));
    server.reset();
  });

  it('two consecutive calls ride one connection: the second opens none', async () => {
    const before = server.connections;
    const opened = (await metricSample('watchdeck_kube_connections_opened_total', { cluster: 'token' })) ?? 0;
    const client = kubeClient({ mode: 'kubeconfig' }, 'token');
    await client.get(echo);
    await client.get(echo);
    expect(server.connections - before).toBe(1);
    expect(server.seen.map((s) => s.connection)).toEqual([before + 1, before + 1]);
    expect(await metricSample('watchdeck_kube_connections_opened_total', { cluster: 'token' })).toBe(opened + 1);
    // The one connection is kept idle for the next call.
    expect(connectionPoolStats()).toEqual({ pools: 1, socketsInUse: 0, socketsFree: 1 });
  });

  it('bearer-token users share one connection, each request carrying its own token', async () => {
    const before = server.connections;
    await kubeClient({ mode: 'token', token: 'token-of-ann' }, 'token').get(echo);
    await kubeClient({ mode: 'token', token: 'token-of-bob' }, 'token').get(echo);
    await kubeClient({ mode: 'proxy', username: 'carol', groups: ['ops'] }, 'token').get(echo);
    expect(server.connections - before).toBe(1);
    expect(server.seen).toEqual([
      { connection: before + 1, authorization: 'Bearer token-of-ann', clientCertificate: null },
      { connection: before + 1, authorization: 'Bearer token-of-bob', clientCertificate: null },
      { connection: before + 1, authorization: 'Bearer context-token', clientCertificate: null },
    ]);
  });

  it('users with different client certificates never share a connection, taking turns or at once', async () => {
    const before = server.connections;
    const jane = kubeClient({ mode: 'kubeconfig' }, 'jane');
    const joe = kubeClient({ mode: 'kubeconfig' }, 'joe');
    await jane.get(echo);
    await joe.get(echo);
    await jane.get(echo);
    await Promise.all([joe.get(echo), jane.get(echo)]);
    // The certificate the server saw on each connection is the only one that connection ever carried.
    const certificateOf = new Map<number, Set<string | null>>();
    for (const s of server.seen) certificateOf.set(s.connection, new Set([...(certificateOf.get(s.connection) ?? []), s.clientCertificate]));
    expect([...certificateOf.values()].map((names) => [...names])).toEqual(expect.arrayContaining([['jane'], ['joe']]));
    expect([...certificateOf.values()].every((names) => names.size === 1)).toBe(true);
    expect(server.seen.slice(0, 3)).toEqual([
      { connection: before + 1, authorization: null, clientCertificate: 'jane' },
      { connection: before + 2, authorization: null, clientCertificate: 'joe' },
      { connection: before + 1, authorization: null, clientCertificate: 'jane' },
    ]);
  });

  it('a kubeconfig change closes the connections made for the old one', async () => {
    const before = server.connections;
    await kubeClient({ mode: 'kubeconfig' }, 'token').get(echo);
    expect(server.connections).toBe(before + 1);
    fs.writeFileSync(kubeconfigFile, kubeconfigYaml({ ...spec, current: 'jane' }));
    await kubeClient({ mode: 'kubeconfig' }, 'token').get(echo);
    expect(server.connections).toBe(before + 2);
    expect(server.seen.map((s) => s.connection)).toEqual([before + 1, before + 2]);
    // The first connection was closed by the console, not left idle: the server's keep-alive lasts a minute.
    await server.closing(before + 1);
    expect(server.closed).not.toContain(before + 2);
  });

  it('closes an idle connection after the configured idle timeout, and the next call opens a new one', async () => {
    const idleMs = 300;
    setConfig({ ...console_.config, connections: { ...DEFAULT_CONNECTION_LIMITS, idleMs } });
    const before = server.connections;
    await kubeClient({ mode: 'kubeconfig' }, 'token').get(echo);
    const answered = performance.now();
    await server.closing(before + 1);
    const idle = performance.now() - answered;
    expect(idle).toBeGreaterThanOrEqual(idleMs - 20);
    expect(connectionPoolStats()).toEqual({ pools: 1, socketsInUse: 0, socketsFree: 0 });
    await kubeClient({ mode: 'kubeconfig' }, 'token').get(echo);
    expect(server.connections).toBe(before + 2);
  });

  it('past maxPools the least recently used pool is closed', async () => {
    setConfig({ ...console_.config, connections: { ...DEFAULT_CONNECTION_LIMITS, maxPools: 2 } });
    const before = server.connections;
    await kubeClient({ mode: 'kubeconfig' }, 'jane').get(echo);
    await kubeClient({ mode: 'kubeconfig' }, 'joe').get(echo);
    await kubeClient({ mode: 'kubeconfig' }, 'token').get(echo);
    // jane's was the least recently used of the three.
    await server.closing(before + 1);
    expect(connectionPoolStats()).toEqual({ pools: 2, socketsInUse: 0, socketsFree: 2 });
    await kubeClient({ mode: 'kubeconfig' }, 'joe').get(echo);
    expect(server.seen.map((s) => [s.connection, s.clientCertificate])).toEqual([
      [before + 1, 'jane'],
      [before + 2, 'joe'],
      [before + 3, null],
      [before + 2, 'joe'],
    ]);
  });

  it('a GET whose kept connection the server closed as it went out is sent again on a new one; a POST is not', async () => {
    const client = kubeClient({ mode: 'kubeconfig' }, 'closing');
    await client.get(echo);
    await expect(client.get(echo)).resolves.toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'echo' } });
    expect(closing.connections).toBe(2);
    expect(closing.seen.map((s) => s.connection)).toEqual([1, 2]);
    // A review the server may have taken is not sent twice: its error is the answer.
    await expect(client.create({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' }, {})).rejects.toMatchObject({ kind: 'ClusterUnreachable' });
    expect(closing.connections).toBe(2);
  });
});
