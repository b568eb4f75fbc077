import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTlsCredentials } from '@/sandbox/kube/tls';
import { ConsoleError } from '../errors';
import { kubeconfigYaml, useTestConsole, type TestConsole } from '../testing/setup';
import { kubeClient, resourcePath } from './client';
import { encodeMessage, PROTOBUF, wrapUnknown } from '@/lib/k8s/protobuf';
import { decodePodList, STATUS } from '@/lib/k8s/protobuf-schemas';

const forbidden = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'namespaces is forbidden: User "dev" cannot list resource "namespaces" in API group "" at the cluster scope',
  reason: 'Forbidden',
  details: { kind: 'namespaces' },
  code: 403,
};

/** A stand-in API server: echoes what identity a request carried, and answers 401/403 like the real one. */
function apiHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  const send = (code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.headers.authorization === 'Bearer rejected') {
    return send(401, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  }
  if (req.url?.startsWith('/api/v1/namespaces/default/secrets')) {
    // Protobuf whatever was asked: a Status for the list, bytes that are not one for the object.
    res.writeHead(req.url.endsWith('/secrets') ? 403 : 200, { 'Content-Type': PROTOBUF });
    return res.end(req.url.endsWith('/secrets') ? wrapUnknown('v1', 'Status', encodeMessage({ ...forbidden, kind: undefined, apiVersion: undefined }, STATUS)) : 'k8s\0garbage');
  }
  if (req.url === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0-eks', platform: 'linux/amd64' });
  if (req.url === '/api/v1/namespaces') return send(403, forbidden);
  if (req.url === '/api/v1/namespaces/default/configmaps/echo') {
    return send(200, {
      authorization: req.headers.authorization ?? null,
      impersonateUser: req.headersDistinct['impersonate-user'] ?? null,
      impersonateGroup: req.headersDistinct['impersonate-group'] ?? null,
    });
  }
  send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

async function rejection(promise: Promise<unknown>): Promise<ConsoleError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ConsoleError) return err;
    throw err;
  }
  throw new Error('the request succeeded');
}

const echo = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default', name: 'echo' };

describe('kubeClient', () => {
  let tlsServer: https.Server;
  let plainServer: http.Server;
  let silentServer: net.Server;
  let mtlsServer: https.Server;
  let console_: TestConsole;
  let tlsUrl: string;
  let trustedCa: string;
  let clientPem: { cert: string; key: string };
  let refusedUrl: string;

  beforeAll(async () => {
    const [trusted, other, client] = await Promise.all([createTlsCredentials(), createTlsCredentials(), createTlsCredentials({ commonName: 'jane' })]);
    // Asks for a client certificate and says whose it got (or null).
    mtlsServer = https.createServer({ cert: trusted.certPem, key: trusted.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ clientCertificate: peer && peer.subject ? peer.subject.CN : null, authorization: req.headers.authorization ?? null }));
    });
    const mtlsUrl = `https://127.0.0.1:${await listen(mtlsServer)}`;
    tlsServer = https.createServer({ cert: trusted.certPem, key: trusted.keyPem }, apiHandler);
    plainServer = http.createServer(apiHandler);
    silentServer = net.createServer(() => {});
    tlsUrl = `https://127.0.0.1:${await listen(tlsServer)}`;
    const plainUrl = `http://127.0.0.1:${await listen(plainServer)}`;
    const silentUrl = `https://127.0.0.1:${await listen(silentServer)}`;
    refusedUrl = `https://127.0.0.1:${await closedPort()}`;
    trustedCa = trusted.caPem;
    clientPem = { cert: client.certPem, key: client.keyPem };
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'exec-token' } });
    const certs = { ca: 'certs/ca.crt', cert: 'certs/jane.crt', key: 'certs/jane.key' };
    console_ = await useTestConsole(
      kubeconfigYaml({
        clusters: [
          { name: 'trusted', server: tlsUrl, caPem: trusted.caPem },
          { name: 'untrusted', server: tlsUrl, caPem: other.caPem },
          { name: 'plain', server: plainUrl },
          { name: 'refused', server: refusedUrl, caPem: trusted.caPem },
          { name: 'silent', server: silentUrl, caPem: trusted.caPem },
          { name: 'nxdomain', server: 'https://no-such-host.invalid:6443', caPem: trusted.caPem },
          { name: 'mtls', server: mtlsUrl },
        ],
        users: [
          { name: 'ctx-user', user: { token: 'context-token' } },
          { name: 'cert-user', user: { 'client-certificate': certs.cert, 'client-key': certs.key } },
          { name: 'rejected-user', user: { token: 'rejected' } },
          { name: 'exec-user', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`] } } },
          { name: 'broken-exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: '/nonexistent/aws', args: ['eks', 'get-token'] } } },
        ],
        contexts: [
          { name: 'good', cluster: 'trusted', user: 'ctx-user' },
          { name: 'bad-ca', cluster: 'untrusted', user: 'ctx-user' },
          { name: 'http', cluster: 'plain', user: 'ctx-user' },
          { name: 'down', cluster: 'refused', user: 'ctx-user' },
          { name: 'hang', cluster: 'silent', user: 'ctx-user' },
          { name: 'gone', cluster: 'nxdomain', user: 'ctx-user' },
          { name: 'cert', cluster: 'mtls', user: 'cert-user' },
          { name: 'expired', cluster: 'trusted', user: 'rejected-user' },
          { name: 'eks', cluster: 'trusted', user: 'exec-user' },
          { name: 'eks-broken', cluster: 'trusted', user: 'broken-exec' },
        ],
      }),
    );
  });

  beforeAll(() => {
    // Files named relative to the kubeconfig's directory, as kubectl resolves them.
    fs.mkdirSync(path.join(console_.dir, 'certs'));
    fs.writeFileSync(path.join(console_.dir, 'certs/ca.crt'), trustedCa);
    fs.writeFileSync(path.join(console_.dir, 'certs/jane.crt'), clientPem.cert);
    fs.writeFileSync(path.join(console_.dir, 'certs/jane.key'), clientPem.key);
    const file = path.join(console_.dir, 'kubeconfig');
    const text = fs.readFileSync(file, 'utf8').replace(/(- name: mtls\n\s+cluster:\n\s+server: \S+)/, '$1\n      certificate-authority: certs/ca.crt');
    fs.writeFileSync(file, text);
  });

  afterAll(async () => {
    await console_?.close();
    for (const s of [tlsServer, plainServer, silentServer, mtlsServer]) s?.close();
    tlsServer?.closeAllConnections();
  });

  it("kubeconfig mode sends the context user's token over TLS verified with the kubeconfig CA", async () => {
    expect(await kubeClient({ mode: 'kubeconfig' }, 'good').get(echo)).toEqual({ authorization: 'Bearer context-token', impersonateUser: null, impersonateGroup: null });
  });

  it('token mode replaces the context user with the session token', async () => {
    expect(await kubeClient({ mode: 'token', token: 'session-token' }, 'good').get(echo)).toEqual({ authorization: 'Bearer session-token', impersonateUser: null, impersonateGroup: null });
  });

  it('token mode never falls back to the credential plugin of the context user', async () => {
    expect(await kubeClient({ mode: 'token', token: 'session-token' }, 'eks').get(echo)).toEqual({ authorization: 'Bearer session-token', impersonateUser: null, impersonateGroup: null });
  });

  it('proxy mode impersonates the user and each group on its own header line, with the context credentials', async () => {
    const client = kubeClient({ mode: 'proxy', username: 'jane@example.com', groups: ['oncall', 'system:authenticated'] }, 'good');
    expect(await client.get(echo)).toEqual({ authorization: 'Bearer context-token', impersonateUser: ['jane@example.com'], impersonateGroup: ['oncall', 'system:authenticated'] });
  });

  it("presents the context user's client certificate, with CA and key files relative to the kubeconfig", async () => {
    expect(await kubeClient({ mode: 'kubeconfig' }, 'cert').get(echo)).toEqual({ clientCertificate: 'jane', authorization: null });
  });

  it("token mode does not present the context user's client certificate", async () => {
    expect(await kubeClient({ mode: 'token', token: 'session-token' }, 'cert').get(echo)).toEqual({ clientCertificate: null, authorization: 'Bearer session-token' });
  });

  it('runs exec credential plugins such as aws eks get-token', async () => {
    expect(await kubeClient({ mode: 'kubeconfig' }, 'eks').get(echo)).toMatchObject({ authorization: 'Bearer exec-token' });
  });

  it('talks to a plain-HTTP server', async () => {
    expect(await kubeClient({ mode: 'kubeconfig' }, 'http').version()).toEqual({ major: '1', minor: '32', gitVersion: 'v1.32.0-eks', platform: 'linux/amd64' });
  });

  it('passes the API server Status through unchanged with its HTTP code', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'good').get({ group: '', version: 'v1', resource: 'namespaces' }));
    expect(err.kind).toBe('Status');
    expect(err.httpStatus).toBe(403);
    expect(err.message).toBe(forbidden.message);
    expect(err.toJSON()).toEqual({ kind: 'Status', message: forbidden.message, status: forbidden });
  });

  it('reads a protobuf answer with the decoder it was given, and a protobuf Status as the JSON one', async () => {
    const client = kubeClient({ mode: 'kubeconfig' }, 'good');
    const secrets = { group: '', version: 'v1', resource: 'secrets', namespace: 'default' };
    const err = await rejection(client.get(secrets, undefined, { accept: PROTOBUF, protobuf: () => 'unused' }));
    expect([err.kind, err.httpStatus, err.message]).toEqual(['Status', 403, forbidden.message]);
    expect(err.status).toEqual(forbidden);
    const read = await client.get({ ...secrets, name: 'db' }, undefined, { accept: PROTOBUF, protobuf: (body) => Buffer.from(body).toString('latin1') });
    expect(read).toBe('k8s\0garbage');
    // "g" (0x67) reads as field 12 of wire type 7, which protobuf does not have.
    const unreadable = await rejection(client.get({ ...secrets, name: 'db' }, undefined, { accept: PROTOBUF, protobuf: (body) => decodePodList(body) }));
    expect([unreadable.httpStatus, unreadable.message]).toEqual([502, `the server at ${tlsUrl} answered 502: unreadable protobuf: unsupported wire type 7`]);
    const unasked = await rejection(client.get({ ...secrets, name: 'db' }));
    expect([unasked.httpStatus, unasked.message]).toEqual([502, `the server at ${tlsUrl} answered 502: the API server answered in protobuf, which was not asked for`]);
  });

  it('maps a 401 for a signed-in token to Unauthorized asking to sign in again', async () => {
    const err = await rejection(kubeClient({ mode: 'token', token: 'rejected' }, 'good').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual(['Unauthorized', 401, 'the token was rejected or has expired; sign in again']);
    expect(err.status).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it("maps a 401 for the kubeconfig user's credentials to Unauthorized naming the cluster", async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'expired').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual(['Unauthorized', 401, 'the API server of cluster "expired" rejected the credentials of the kubeconfig context\'s user']);
  });

  it('maps a refused connection to ClusterUnreachable 502 naming the server', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'down').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual(['ClusterUnreachable', 502, `cannot reach the API server of cluster "down" at ${refusedUrl}: connection refused (ECONNREFUSED)`]);
  });

  it('maps a host that does not resolve to ClusterUnreachable naming the server', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'gone').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual([
      'ClusterUnreachable',
      502,
      'cannot reach the API server of cluster "gone" at https://no-such-host.invalid:6443: host not found (ENOTFOUND)',
    ]);
  });

  it('maps a server that never answers to ClusterTimeout 504 after the timeout, which also bounds connecting', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'hang', { timeoutMs: 300 }).version());
    expect([err.kind, err.httpStatus, err.message]).toEqual(['ClusterTimeout', 504, `no TLS handshake with the API server of cluster "hang" at ${silentServerUrl()} within 0.3 s`]);
    expect(err.detail).toEqual({ timeoutSeconds: 0.3, cluster: 'hang' });
  });

  it('maps a certificate signed by an untrusted CA to TLSError 502 with the reason', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'bad-ca').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual([
      'TLSError',
      502,
      `TLS connection to the API server of cluster "bad-ca" at ${tlsUrl} failed: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`,
    ]);
    expect(err.detail).toEqual({ tls: 'UnknownAuthority', cluster: 'bad-ca' });
  });

  it('maps a credential plugin that cannot run to CredentialsPluginFailed naming the command', async () => {
    const err = await rejection(kubeClient({ mode: 'kubeconfig' }, 'eks-broken').version());
    expect([err.kind, err.httpStatus, err.message]).toEqual([
      'CredentialsPluginFailed',
      502,
      'cannot get credentials for cluster "eks-broken": the credentials plugin "/nonexistent/aws" was not found (ENOENT)',
    ]);
  });

  it('answers NotFound for a cluster the kubeconfig does not name', () => {
    expect(() => kubeClient({ mode: 'kubeconfig' }, 'prod')).toThrow('cluster "prod" is not a context in the kubeconfig');
  });

  it('builds paths only from valid segments', () => {
    expect(resourcePath({ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'eks-work', name: 'backend-app', subresource: 'scale' }, { pretty: false })).toBe(
      '/apis/apps/v1/namespaces/eks-work/deployments/backend-app/scale?pretty=false',
    );
    expect(() => resourcePath({ group: '', version: 'v1', resource: 'pods', namespace: '../kube-system' })).toThrow('invalid namespace "../kube-system"');
    expect(() => resourcePath({ group: '', version: 'v1', resource: 'pods', name: 'a/b' })).toThrow('invalid name "a/b"');
    expect(resourcePath({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', name: 'system:aggregate-to-view' })).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/system:aggregate-to-view',
    );
    expect(() => resourcePath({ group: '', version: 'v1', resource: 'pods', namespace: 'kube:system' })).toThrow('invalid namespace "kube:system"');
  });

  it('reports a kubeconfig that does not parse as KubeconfigInvalid, not a crash', async () => {
    const file = path.join(console_.dir, 'kubeconfig');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, 'clusters: [\n  - name: broken\n');
    try {
      const err = await rejection(Promise.resolve().then(() => kubeClient({ mode: 'kubeconfig' }, 'good')));
      expect(err.kind).toBe('KubeconfigInvalid');
      expect(err.httpStatus).toBe(500);
      expect(err.message.startsWith(`kubeconfig ${file} does not parse: `)).toBe(true);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  function silentServerUrl() {
    return `https://127.0.0.1:${(silentServer.address() as net.AddressInfo).port}`;
  }
});
