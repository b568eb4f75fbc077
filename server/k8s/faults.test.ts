/**
 * Each way a cluster can fail, made by a loopback server in this file and driven through the
 * console API's own route handlers: the exact error body (kind, HTTP status, message, tls,
 * timeoutSeconds, retryAfterSeconds, cluster) and Retry-After header the page gets. And one
 * cluster that never answers does not slow another.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as clustersRoute } from '@/app/api/v1/clusters/route';
import { GET as namespacesRoute } from '@/app/api/v1/clusters/[cluster]/namespaces/route';
import { GET as podsRoute } from '@/app/api/v1/clusters/[cluster]/pods/route';
import { GET as whoamiRoute } from '@/app/api/v1/clusters/[cluster]/whoami/route';
import { startSandbox, type Sandbox } from '@/sandbox';
import { createTlsCredentials } from '@/sandbox/kube/tls';
import { setConfig, type Timeouts } from '../config';
import { recordRound } from '../hpa/recorder';
import { samplesBetween } from '../hpa/samples';
import { params } from '../testing/sandbox-console';
import { kubeconfigYaml, useTestConsole, type KubeconfigSpec, type TestConsole } from '../testing/setup';

const ORIGIN = 'http://console.test:3000';
/** What kube-apiserver's max-in-flight and priority-and-fairness filters answer (http.Error, so plain text, with Retry-After). */
const APISERVER_429_TEXT = 'Too many requests, please try again later.';
const UNAVAILABLE = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server is currently unable to handle the request',
  reason: 'ServiceUnavailable',
  code: 503,
};
/** Short, for the faults that wait them out. */
const SHORT: Timeouts = { connectMs: 300, responseMs: 600 };
/** Otherwise: room for a plugin (a Node process) to start on a loaded machine. */
const ROOMY: Timeouts = { connectMs: 10_000, responseMs: 10_000 };

const servers: net.Server[] = [];

async function listen<S extends net.Server>(server: S): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function answering(code: number, body: string, headers: Record<string, string> = {}): http.Server {
  return http.createServer((req, res) => {
    req.resume();
    res.writeHead(code, headers);
    res.end(body);
  });
}

/** A credentials plugin that is this Node running a one-line script. */
function plugin(script: string) {
  return { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: ['-e', script] } };
}

const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-plugin-runs-'));
const runsOf = (name: string) => (fs.existsSync(path.join(runs, name)) ? fs.readFileSync(path.join(runs, name), 'utf8').length : 0);

/** A plugin that counts its runs in a file and, after 200 ms, gives a token that does not expire. */
function countingPlugin(name: string) {
  const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: `${name}-token` } });
  return plugin(`require('fs').appendFileSync(${JSON.stringify(path.join(runs, name))}, 'x'); setTimeout(() => process.stdout.write(${JSON.stringify(credential)}), 200)`);
}

interface Answer {
  status: number;
  retryAfter: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
  body: any;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

const get = (url: string) => new Request(`${ORIGIN}${url}`);

/** The console's timeouts for the tests of one describe. */
function useTimeouts(timeouts: Timeouts): void {
  beforeAll(() => setConfig({ ...t.config, timeouts }));
  afterAll(() => setConfig(t.config));
}
const whoami = async (cluster: string) => answerOf(await whoamiRoute(get(`/api/v1/clusters/${cluster}/whoami`), params({ cluster })));

let sandbox: Sandbox;
let t: TestConsole;
let spec: KubeconfigSpec;
const url: Record<string, string> = {};

beforeAll(async () => {
  const [trusted, stranger, expired, wrongName] = await Promise.all([
    createTlsCredentials(),
    createTlsCredentials(),
    createTlsCredentials({ validity: { notBefore: new Date(Date.now() - 2 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) } }),
    createTlsCredentials({ hosts: ['api.wrong.example'] }),
  ]);
  const tls = (c: { certPem: string; keyPem: string }) => https.createServer({ cert: c.certPem, key: c.keyPem }, (_req, res) => res.end('{}'));
  sandbox = await startSandbox({ seed: 1, mode: 'manual' });
  url.work = sandbox.url;
  url.refused = `https://127.0.0.1:${await closedPort()}`;
  url.reset = `http://127.0.0.1:${await listen(net.createServer((socket) => socket.destroy()))}`;
  // Accepts the connection and never speaks: the TLS handshake never ends.
  url.silent = `https://127.0.0.1:${await listen(net.createServer(() => {}))}`;
  // Reads the request and never answers it.
  url.slow = `http://127.0.0.1:${await listen(http.createServer(() => {}))}`;
  url.stranger = `https://127.0.0.1:${await listen(tls(stranger))}`;
  url.expired = `https://127.0.0.1:${await listen(tls(expired))}`;
  url.misnamed = `https://127.0.0.1:${await listen(tls(wrongName))}`;
  url.busy = `http://127.0.0.1:${await listen(answering(429, `${APISERVER_429_TEXT}\n`, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '7' }))}`;
  const throttledStatus = { ...UNAVAILABLE, message: 'too many requests', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 3 } };
  url.busyStatus = `http://127.0.0.1:${await listen(answering(429, JSON.stringify(throttledStatus), { 'Content-Type': 'application/json' }))}`;
  url.unavailable = `http://127.0.0.1:${await listen(answering(503, JSON.stringify(UNAVAILABLE), { 'Content-Type': 'application/json', 'Retry-After': '2' }))}`;
  const unauthorized = { ...UNAVAILABLE, message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
  url.revoked = `http://127.0.0.1:${await listen(answering(401, JSON.stringify(unauthorized), { 'Content-Type': 'application/json' }))}`;
  url.plugins = `https://127.0.0.1:${await listen(tls(trusted))}`;

  const admin = sandbox.users.find((u) => u.username === 'admin')!.token;
  spec = {
    clusters: [
      { name: 'work', server: url.work, caPem: sandbox.caData },
      ...['refused', 'reset', 'silent', 'slow', 'busy', 'busyStatus', 'unavailable', 'revoked'].map((name) => ({ name, server: url[name], caPem: trusted.caPem })),
      { name: 'stranger', server: url.stranger, caPem: trusted.caPem },
      { name: 'expired', server: url.expired, caPem: expired.caPem },
      { name: 'misnamed', server: url.misnamed, caPem: wrongName.caPem },
      { name: 'plugins', server: url.plugins, caPem: trusted.caPem },
    ],
    users: [
      { name: 'admin', user: { token: admin } },
      { name: 'revoked-user', user: { token: 'revoked' } },
      { name: 'sso-expired', user: plugin("process.stderr.write('\\nError when retrieving token from sso: Token has expired and refresh failed\\n'); process.exit(255)") },
      { name: 'chatty', user: plugin("process.stderr.write('cannot refresh k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8 for you\\n'); process.exit(1)") },
      { name: 'garbled', user: plugin("process.stdout.write('token: k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8')") },
      { name: 'missing', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: '/nonexistent/aws', args: ['eks', 'get-token'] } } },
      { name: 'stuck', user: plugin('setInterval(() => {}, 1000)') },
      { name: 'counted', user: countingPlugin('counted') },
      { name: 'refused-plugin', user: countingPlugin('refused-plugin') },
    ],
    contexts: [
      { name: 'work', cluster: 'work', user: 'admin' },
      ...['refused', 'reset', 'silent', 'slow', 'busy', 'busyStatus', 'unavailable', 'stranger', 'expired', 'misnamed'].map((name) => ({ name, cluster: name, user: 'admin' })),
      { name: 'revoked', cluster: 'revoked', user: 'revoked-user' },
      ...['sso-expired', 'chatty', 'garbled', 'missing', 'stuck', 'counted'].map((name) => ({ name, cluster: 'plugins', user: name })),
      { name: 'refused-plugin', cluster: 'revoked', user: 'refused-plugin' },
      // The default cluster is the one that never answers: the cluster list must not wait for it.
      { name: 'blackhole', cluster: 'silent', user: 'admin' },
    ],
    current: 'blackhole',
  };
  t = await useTestConsole(kubeconfigYaml(spec), { authMode: 'kubeconfig', timeouts: ROOMY });
}, 120_000);

afterAll(async () => {
  await t?.close();
  await sandbox?.close();
  fs.rmSync(runs, { recursive: true, force: true });
  for (const s of servers) {
    (s as http.Server).closeAllConnections?.();
    s.close();
  }
});

describe('a cluster that cannot be reached', () => {
  useTimeouts(SHORT);

  it('a refused connection is ClusterUnreachable 502 naming the cluster and its server', async () => {
    expect(await whoami('refused')).toEqual({
      status: 502,
      retryAfter: null,
      body: { error: { kind: 'ClusterUnreachable', message: `cannot reach the API server of cluster "refused" at ${url.refused}: connection refused (ECONNREFUSED)`, cluster: 'refused' } },
    });
  });

  it('a connection the server resets is ClusterUnreachable', async () => {
    expect(await whoami('reset')).toEqual({
      status: 502,
      retryAfter: null,
      body: { error: { kind: 'ClusterUnreachable', message: `cannot reach the API server of cluster "reset" at ${url.reset}: connection reset (ECONNRESET)`, cluster: 'reset' } },
    });
  });

  it('a server that accepts and never completes TLS is ClusterTimeout 504 after the connect timeout, not the answer timeout', async () => {
    const started = performance.now();
    const answer = await whoami('silent');
    const elapsed = performance.now() - started;
    expect(answer).toEqual({
      status: 504,
      retryAfter: null,
      body: { error: { kind: 'ClusterTimeout', message: `no TLS handshake with the API server of cluster "silent" at ${url.silent} within 0.3 s`, timeoutSeconds: 0.3, cluster: 'silent' } },
    });
    expect(elapsed).toBeGreaterThanOrEqual(SHORT.connectMs - 5);
    expect(elapsed).toBeLessThan(SHORT.responseMs);
  });

  it('a server that takes the request and never answers is ClusterTimeout 504 after the answer timeout', async () => {
    expect(await whoami('slow')).toEqual({
      status: 504,
      retryAfter: null,
      body: { error: { kind: 'ClusterTimeout', message: `no answer from the API server of cluster "slow" at ${url.slow} within 0.6 s`, timeoutSeconds: 0.6, cluster: 'slow' } },
    });
  });
});

describe('a certificate the console cannot trust', () => {
  const tlsFailed = (cluster: string, reason: string, tls: string) => ({
    status: 502,
    retryAfter: null,
    body: { error: { kind: 'TLSError', message: `TLS connection to the API server of cluster "${cluster}" at ${url[cluster]} failed: ${reason}`, tls, cluster } },
  });

  // The reasons are OpenSSL's and Node's checkServerIdentity's, as the TLS socket reports them.
  it('one signed by a CA the kubeconfig does not name is TLSError UnknownAuthority', async () => {
    expect(await whoami('stranger')).toEqual(tlsFailed('stranger', 'unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', 'UnknownAuthority'));
  });

  it('an expired one is TLSError CertificateExpired', async () => {
    expect(await whoami('expired')).toEqual(tlsFailed('expired', 'certificate has expired (CERT_HAS_EXPIRED)', 'CertificateExpired'));
  });

  it('one for another host name is TLSError HostnameMismatch', async () => {
    const reason = "Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list:  (ERR_TLS_CERT_ALTNAME_INVALID)";
    expect(await whoami('misnamed')).toEqual(tlsFailed('misnamed', reason, 'HostnameMismatch'));
  });
});

describe('an API server that answers with an error', () => {
  it('429 with Retry-After is Throttled 429 with retryAfterSeconds, the header passed on and its text kept as a Status', async () => {
    const message = `the server at ${url.busy} answered 429: ${APISERVER_429_TEXT}`;
    expect(await whoami('busy')).toEqual({
      status: 429,
      retryAfter: '7',
      body: {
        error: {
          kind: 'Throttled',
          message,
          status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 429, message, reason: 'TooManyRequests', details: { retryAfterSeconds: 7 } },
          retryAfterSeconds: 7,
          cluster: 'busy',
        },
      },
    });
  });

  it("429 with only the Status's details.retryAfterSeconds takes when to ask again from there", async () => {
    const status = { ...UNAVAILABLE, message: 'too many requests', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 3 } };
    expect(await whoami('busyStatus')).toEqual({
      status: 429,
      retryAfter: '3',
      body: { error: { kind: 'Throttled', message: 'too many requests', status, retryAfterSeconds: 3, cluster: 'busyStatus' } },
    });
  });

  it('503 passes through as its Status with the same code, and its Retry-After with it', async () => {
    expect(await whoami('unavailable')).toEqual({
      status: 503,
      retryAfter: '2',
      body: { error: { kind: 'Status', message: UNAVAILABLE.message, status: UNAVAILABLE, retryAfterSeconds: 2 } },
    });
  });

  it("401 to the kubeconfig user's credentials is Unauthorized 401 with the API server's Status", async () => {
    expect(await whoami('revoked')).toEqual({
      status: 401,
      retryAfter: null,
      body: {
        error: {
          kind: 'Unauthorized',
          message: 'the API server of cluster "revoked" rejected the credentials of the kubeconfig context\'s user',
          status: { ...UNAVAILABLE, message: 'Unauthorized', reason: 'Unauthorized', code: 401 },
        },
      },
    });
  });
});

describe('a credentials plugin that fails', () => {
  const failed = (cluster: string, what: string) => ({
    status: 502,
    retryAfter: null,
    body: { error: { kind: 'CredentialsPluginFailed', message: `cannot get credentials for cluster "${cluster}": the credentials plugin ${what}`, cluster } },
  });

  it('exiting non-zero (aws eks get-token with an expired SSO session) is CredentialsPluginFailed with what it wrote to stderr', async () => {
    expect(await whoami('sso-expired')).toEqual(failed('sso-expired', `"${process.execPath}" failed (exit code 255): Error when retrieving token from sso: Token has expired and refresh failed`));
  });

  it('never repeats a token the plugin wrote to stderr', async () => {
    expect(await whoami('chatty')).toEqual(failed('chatty', `"${process.execPath}" failed (exit code 1): cannot refresh [redacted] for you`));
  });

  it('printing something other than an ExecCredential is CredentialsPluginFailed without the output', async () => {
    expect(await whoami('garbled')).toEqual(failed('garbled', `"${process.execPath}" printed no ExecCredential (client.authentication.k8s.io) JSON`));
  });

  it('a plugin that is not installed is CredentialsPluginFailed naming the command', async () => {
    expect(await whoami('missing')).toEqual(failed('missing', '"/nonexistent/aws" was not found (ENOENT)'));
  });
});

describe('a credentials plugin that never finishes', () => {
  useTimeouts(SHORT);

  it('(waiting for a browser sign-in) is killed at the answer timeout', async () => {
    expect(await whoami('stuck')).toEqual({
      status: 502,
      retryAfter: null,
      body: {
        error: {
          kind: 'CredentialsPluginFailed',
          message: `cannot get credentials for cluster "stuck": the credentials plugin "${process.execPath}" gave no credential within 0.6 s`,
          cluster: 'stuck',
        },
      },
    });
  });
});

describe('a credentials plugin that works', () => {
  it('runs once for requests that wait on it together, and its credential serves the next ones', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => whoami('counted')));
    // The stand-in server answers {} to the review: no user info.
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array.from({ length: 5 }, () => [200, { username: '', groups: [] }]));
    expect((await whoami('counted')).status).toBe(200);
    expect(runsOf('counted')).toBe(1);
  });

  it('is run again once when the API server refuses its credential, then the 401 is the answer, not a loop', async () => {
    expect((await whoami('refused-plugin')).body.error.kind).toBe('Unauthorized');
    expect(runsOf('refused-plugin')).toBe(2);
  });
});

describe('one cluster that never answers', () => {
  /** Long enough that everything asked of the working cluster is answered while the other's calls are still pending. */
  const PATIENT: Timeouts = { connectMs: 4_000, responseMs: 4_000 };
  /** The working cluster's routes, each answered well inside that on a loaded machine. */
  const NORMAL_MS = 2_000;

  useTimeouts(PATIENT);

  const workCalls = () => [
    clustersRoute(get('/api/v1/clusters'), undefined),
    whoamiRoute(get('/api/v1/clusters/work/whoami'), params({ cluster: 'work' })),
    namespacesRoute(get('/api/v1/clusters/work/namespaces'), params({ cluster: 'work' })),
    podsRoute(get('/api/v1/clusters/work/pods?namespace=eks-work'), params({ cluster: 'work' })),
  ];

  it("does not slow the cluster list or another cluster's shell and pages while its own calls are pending", async () => {
    // Compiles and warms what the calls below use, so their time is the console's, not the first load's.
    for (const response of await Promise.all(workCalls())) expect(response.status).toBe(200);

    const started = performance.now();
    let blackholeSettled = false;
    const pending = Promise.all(
      ['whoami', 'namespaces', 'pods?namespace=eks-work', 'whoami', 'namespaces', 'pods?namespace=eks-work'].map((path) => {
        const route = path === 'whoami' ? whoamiRoute : path === 'namespaces' ? namespacesRoute : podsRoute;
        return route(get(`/api/v1/clusters/blackhole/${path}`), params({ cluster: 'blackhole' })).then(answerOf);
      }),
    ).finally(() => (blackholeSettled = true));

    const work = await Promise.all(workCalls());
    const workMs = performance.now() - started;
    expect(work.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(((await work[0].json()) as { defaultCluster: string }).defaultCluster).toBe('blackhole');
    expect(blackholeSettled).toBe(false);
    expect(workMs).toBeLessThan(NORMAL_MS);

    const blackhole = await pending;
    expect(performance.now() - started).toBeGreaterThanOrEqual(PATIENT.connectMs - 5);
    const timeout = { kind: 'ClusterTimeout', message: `no TLS handshake with the API server of cluster "blackhole" at ${url.silent} within 4 s`, timeoutSeconds: 4, cluster: 'blackhole' };
    expect(blackhole).toEqual(Array.from({ length: 6 }, () => ({ status: 504, retryAfter: null, body: { error: timeout } })));
  }, 20_000);

  it("does not hold back the HPA recorder's samples of another cluster", async () => {
    // A kubeconfig of just the two: the recorder samples every context.
    const file = path.join(runs, 'two-clusters.kubeconfig');
    fs.writeFileSync(file, kubeconfigYaml({ ...spec, contexts: spec.contexts.filter((c) => c.name === 'work' || c.name === 'blackhole') }));
    setConfig({ ...t.config, timeouts: PATIENT, kubeconfigPaths: [file] });
    let roundSettled = false;
    const started = Date.now();
    const round = recordRound({ enabled: true, intervalMs: 15_000, retentionMs: 86_400_000 }).finally(() => (roundSettled = true));
    // The sandbox's eks-work namespace has one HPA, backend-app (sandbox/world/scenario.ts).
    const key = { cluster: 'work', namespace: 'eks-work', name: 'backend-app' };
    let samples = await samplesBetween(key, new Date(started - 1000), new Date(Date.now() + 60_000));
    while (samples.length === 0 && !roundSettled) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      samples = await samplesBetween(key, new Date(started - 1000), new Date(Date.now() + 60_000));
    }
    const sampledMs = Date.now() - started;
    expect(samples).toHaveLength(1);
    // Sampled before the other cluster's calls gave up (its connect timeout).
    expect(roundSettled).toBe(false);
    expect(sampledMs).toBeLessThan(PATIENT.connectMs);
    // The round is not complete: the other cluster was not sampled.
    expect(await round).toBe(false);
  }, 20_000);
});
