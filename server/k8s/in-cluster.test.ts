import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTlsCredentials } from '@/sandbox/kube/tls';
import { ConfigError, parseConfig, setConfig, type Config } from '../config';
import { recorderClient, serviceAccountClient } from '../hpa/identity';
import { kubeClient } from './client';
import { listClusters, loadedClusters } from './clusters';
import { detectInCluster, serviceAccountToken, TOKEN_REREAD_MS, TokenFile } from './in-cluster';

const SECRET = 'x'.repeat(32);
const echo = { group: '', version: 'v1', resource: 'configmaps', namespace: 'watchdeck', name: 'echo' };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-in-cluster-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A mounted service-account directory as the kubelet writes it. */
function serviceAccountDir(token = 'sa-token-1', ca = 'unused'): string {
  const sa = path.join(dir, 'serviceaccount');
  fs.mkdirSync(sa, { recursive: true });
  fs.writeFileSync(path.join(sa, 'token'), token);
  fs.writeFileSync(path.join(sa, 'ca.crt'), ca);
  fs.writeFileSync(path.join(sa, 'namespace'), 'watchdeck');
  return sa;
}

describe('detectInCluster', () => {
  it('finds the API server from KUBERNETES_SERVICE_HOST and _PORT, and the CA and token in the mounted directory', () => {
    const sa = serviceAccountDir();
    expect(detectInCluster({ KUBERNETES_SERVICE_HOST: '10.100.0.1', KUBERNETES_SERVICE_PORT: '443' }, 'in-cluster', sa)).toEqual({
      name: 'in-cluster',
      server: 'https://10.100.0.1:443',
      caFile: path.join(sa, 'ca.crt'),
      tokenFile: path.join(sa, 'token'),
    });
  });

  it('brackets an IPv6 host and speaks HTTP on the ports loadFromCluster treats as plain', () => {
    const sa = serviceAccountDir();
    expect(detectInCluster({ KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '443' }, 'c', sa)?.server).toBe('https://[fd00:10:96::1]:443');
    expect(detectInCluster({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '8080' }, 'c', sa)?.server).toBe('http://10.0.0.1:8080');
  });

  it('is not in a cluster without the service variables or without a mounted token', () => {
    const sa = serviceAccountDir();
    expect(detectInCluster({ KUBERNETES_SERVICE_HOST: '10.100.0.1' }, 'c', sa)).toBeUndefined();
    expect(detectInCluster({}, 'c', sa)).toBeUndefined();
    fs.rmSync(path.join(sa, 'token'));
    expect(detectInCluster({ KUBERNETES_SERVICE_HOST: '10.100.0.1', KUBERNETES_SERVICE_PORT: '443' }, 'c', sa)).toBeUndefined();
  });
});

describe('parseConfig in a pod', () => {
  const pod = { KUBERNETES_SERVICE_HOST: '10.100.0.1', KUBERNETES_SERVICE_PORT: '443', WATCHDECK_SESSION_SECRET: SECRET };

  it("uses the pod's cluster, named by WATCHDECK_CLUSTER_NAME, when no kubeconfig is named or at ~/.kube/config", () => {
    const sa = serviceAccountDir();
    const config = parseConfig({ ...pod, HOME: dir, WATCHDECK_AUTH_MODE: 'token', WATCHDECK_CLUSTER_NAME: 'eks-work-cluster' }, sa);
    expect(config.kubeconfigPaths).toEqual([]);
    expect(config.inCluster).toEqual({ name: 'eks-work-cluster', server: 'https://10.100.0.1:443', caFile: path.join(sa, 'ca.crt'), tokenFile: path.join(sa, 'token') });
    expect(parseConfig({ ...pod, HOME: dir, WATCHDECK_AUTH_MODE: 'token' }, sa).inCluster?.name).toBe('in-cluster');
  });

  it('keeps kubeconfig mode as it was when a kubeconfig is named, even in a pod', () => {
    const sa = serviceAccountDir();
    const config = parseConfig({ ...pod, HOME: dir, KUBECONFIG: '/etc/watchdeck/kubeconfig' }, sa);
    expect([config.authMode, config.kubeconfigPaths, config.inCluster]).toEqual(['kubeconfig', ['/etc/watchdeck/kubeconfig'], undefined]);
  });

  it("prefers ~/.kube/config to the pod's cluster, as loadFromDefault does", () => {
    const sa = serviceAccountDir();
    fs.mkdirSync(path.join(dir, '.kube'));
    fs.writeFileSync(path.join(dir, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n');
    const config = parseConfig({ ...pod, HOME: dir }, sa);
    expect([config.kubeconfigPaths, config.inCluster]).toEqual([[path.join(dir, '.kube', 'config')], undefined]);
  });

  it('refuses kubeconfig mode in a pod without a kubeconfig: it would hand everyone the service account', () => {
    const sa = serviceAccountDir();
    expect(() => parseConfig({ ...pod, HOME: dir }, sa)).toThrow(ConfigError);
    expect(() => parseConfig({ ...pod, HOME: dir }, sa)).toThrow(
      "WATCHDECK_AUTH_MODE: kubeconfig mode would give everyone who reaches the console the pod's service account; in a pod without a kubeconfig, users sign in with their own identity: set token, oidc or proxy",
    );
  });

  it('names WATCHDECK_CLUSTER_NAME when it cannot be a cluster name in a URL', () => {
    expect(() => parseConfig({ ...pod, HOME: dir, WATCHDECK_AUTH_MODE: 'token', WATCHDECK_CLUSTER_NAME: 'a/b' }, serviceAccountDir())).toThrow(/^WATCHDECK_CLUSTER_NAME: /);
  });
});

describe('TokenFile', () => {
  it('reads a rotated token once a minute has passed, as client-go does, and not before', async () => {
    const sa = serviceAccountDir('first');
    let now = 1_000_000;
    const tokens = new TokenFile(path.join(sa, 'token'), () => now);
    expect(await tokens.token()).toBe('first');
    fs.writeFileSync(path.join(sa, 'token'), 'second\n');
    now += TOKEN_REREAD_MS - 1;
    expect(await tokens.token()).toBe('first');
    now += 1;
    expect(await tokens.token()).toBe('second');
  });

  it('reads the file again at once after the token it gave was rejected, and not for an older one', async () => {
    const sa = serviceAccountDir('first');
    const tokens = new TokenFile(path.join(sa, 'token'), () => 0);
    expect(await tokens.token()).toBe('first');
    fs.writeFileSync(path.join(sa, 'token'), 'second');
    tokens.rejected('stale');
    expect(await tokens.token()).toBe('first');
    tokens.rejected('first');
    expect(await tokens.token()).toBe('second');
  });
});

/** A stand-in API server: says which credentials and impersonation a request carried; a revoked token gets kube-apiserver's 401. */
describe('requests in a pod', () => {
  let server: https.Server;
  let serverUrl: string;
  const revoked = new Set<string>();
  const seen: (string | null)[] = [];

  beforeAll(async () => {
    const tls = await createTlsCredentials();
    server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req: http.IncomingMessage, res: http.ServerResponse) => {
      const authorization = req.headers.authorization ?? null;
      seen.push(authorization);
      res.setHeader('Content-Type', 'application/json');
      if (authorization && revoked.has(authorization.replace(/^Bearer /, ''))) {
        res.writeHead(401);
        return res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
      }
      res.end(JSON.stringify({ authorization, impersonateUser: req.headersDistinct['impersonate-user'] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    caPem = tls.caPem;
  });
  let caPem: string;
  afterAll(() => {
    server?.close();
    server?.closeAllConnections();
  });

  function inPod(authMode: Config['authMode']): Config {
    const sa = serviceAccountDir('sa-token-1', caPem);
    const config: Config = {
      ...parseConfig(
        { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '443', HOME: dir, WATCHDECK_SESSION_SECRET: SECRET, WATCHDECK_AUTH_MODE: 'token', WATCHDECK_CLUSTER_NAME: 'eks-work-cluster' },
        sa,
      ),
      authMode,
    };
    // The stand-in listens on a port of its own rather than 443.
    config.inCluster = { ...config.inCluster!, server: serverUrl };
    setConfig(config);
    return config;
  }
  beforeEach(() => {
    revoked.clear();
    seen.length = 0;
  });
  afterEach(() => setConfig(undefined));

  it("offers the pod's cluster as the console's one cluster", () => {
    inPod('token');
    expect(listClusters()).toEqual({ clusters: [{ name: 'eks-work-cluster', server: serverUrl }], defaultCluster: 'eks-work-cluster' });
  });

  it("sends a signed-in user's request with the user's token, verified with the mounted CA, never the service account's", async () => {
    inPod('token');
    expect(await kubeClient({ mode: 'token', token: 'user-token' }, 'eks-work-cluster').get(echo)).toEqual({ authorization: 'Bearer user-token', impersonateUser: null });
    expect(seen).toEqual(['Bearer user-token']);
  });

  it("gives a request without a user's own credentials none at all: the context has no user to fall back on", async () => {
    inPod('token');
    expect(loadedClusters().contexts[0].user).toBeUndefined();
    expect(await kubeClient({ mode: 'kubeconfig' }, 'eks-work-cluster').get(echo)).toEqual({ authorization: null, impersonateUser: null });
    expect(seen).not.toContain('Bearer sa-token-1');
  });

  it("in proxy mode, sends the service account only as the impersonator of the proxy's user", async () => {
    inPod('proxy');
    const answer = await kubeClient({ mode: 'proxy', username: 'jane@example.com', groups: ['developers'] }, 'eks-work-cluster').get(echo);
    expect(answer).toEqual({ authorization: 'Bearer sa-token-1', impersonateUser: ['jane@example.com'] });
  });

  it("does the recorder's work as the service account, and reads the rotated token again when the old one is refused", async () => {
    const config = inPod('token');
    const tokens = serviceAccountToken(config.inCluster!);
    const recorder = recorderClient({ enabled: true, intervalMs: 60_000, retentionMs: 3_600_000 }, 'eks-work-cluster')!;
    expect(await recorder.get(echo)).toEqual({ authorization: 'Bearer sa-token-1', impersonateUser: null });
    // The kubelet rotates the token and the API server stops accepting the old one within the minute.
    fs.writeFileSync(config.inCluster!.tokenFile, 'sa-token-2');
    revoked.add('sa-token-1');
    expect(await recorder.get(echo)).toEqual({ authorization: 'Bearer sa-token-2', impersonateUser: null });
    expect(seen).toEqual(['Bearer sa-token-1', 'Bearer sa-token-1', 'Bearer sa-token-2']);
    expect(await tokens.token()).toBe('sa-token-2');
    expect(await serviceAccountClient('eks-work-cluster')!.get(echo)).toEqual({ authorization: 'Bearer sa-token-2', impersonateUser: null });
  });

  it('passes a 401 on when the file holds no newer token', async () => {
    inPod('token');
    revoked.add('sa-token-1');
    await expect(serviceAccountClient('eks-work-cluster')!.get(echo)).rejects.toMatchObject({ kind: 'Unauthorized', httpStatus: 401 });
    expect(seen).toEqual(['Bearer sa-token-1']);
  });
});

describe('outside a pod', () => {
  afterEach(() => setConfig(undefined));

  it('has no service-account client', () => {
    setConfig({ authMode: 'kubeconfig', kubeconfigPaths: [path.join(dir, 'kubeconfig')], sessionSecret: SECRET, namespaces: [], dataDir: dir, port: 3000 });
    expect(serviceAccountClient('any')).toBeUndefined();
  });
});
