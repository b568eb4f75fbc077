/**
 * Every fault as a real client sees it through the proxy: kubectl for the API server (its own
 * words for each failure, from client-go and Go's crypto/x509), Node's HTTPS client for a watch
 * cut mid-stream, and the AWS SDK clients for the AWS endpoint's errors.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { namespace } from '../conformance/harness';
import { sandboxAwsEnv, sandboxKubeconfig, startSandbox, type Sandbox } from '../index';
import { startFaultProxies, type FaultProxies } from './control';

const PODS = ['api-0', 'api-1', 'worker-0'];

let dir: string;
let sandbox: Sandbox;
let proxies: FaultProxies;
let kubeconfig: string;

function pod(name: string) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'eks-work' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] }, status: { phase: 'Running' } };
}

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      clients.kubectl().command!,
      ['--kubeconfig', kubeconfig, ...args],
      { timeout: 20_000, env: { ...process.env, KUBECACHEDIR: join(dir, 'kube-cache'), HOME: dir, KUBECONFIG: '' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

const getPods = () => kubectl(['get', 'pods', '-n', 'eks-work', '-o', 'name']);
const lastLine = (text: string) => text.trim().split('\n').at(-1);
const port = () => new URL(proxies.apiServer.url).port;

function admin() {
  return sandbox.users.find((u) => u.username === 'admin')!;
}

function awsClientConfig() {
  const env = sandboxAwsEnv(sandbox.aws);
  return {
    endpoint: proxies.aws.url,
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fault-proxy-'));
  sandbox = await startSandbox({ mode: 'manual', scenario: 'empty' });
  sandbox.world.store.create('namespaces', namespace('eks-work'));
  for (const name of PODS) sandbox.world.store.create('pods', pod(name));
  proxies = await startFaultProxies(sandbox, { dir });
  kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, sandboxKubeconfig(proxies.apiServer.url, proxies.apiServer.ca, sandbox.users));
});

afterEach(async () => {
  await Promise.all([proxies.apiServer.clear(), proxies.aws.clear()]);
});

afterAll(async () => {
  await proxies?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'the API server through the fault proxy'), () => {
  it('lists the pods the API server has when no fault is set, trusting only the proxy CA', async () => {
    const result = await getPods();
    expect(result).toEqual({ code: 0, stdout: PODS.map((p) => `pod/${p}\n`).join(''), stderr: '' });
    expect(proxies.apiServer.ca).not.toBe(sandbox.caData);
    // kubectl has exited: every connection it opened is counted closed.
    const stats = proxies.apiServer.stats();
    expect(stats.connectionsOpened).toBeGreaterThan(0);
    await expect.poll(() => proxies.apiServer.stats().connectionsOpen).toBe(0);
  });

  it('refuses connections as a stopped API server does, and listens on the same port again once cleared', async () => {
    const before = proxies.apiServer.url;
    await proxies.apiServer.set({ kind: 'refuse' });
    const refused = await getPods();
    expect(refused.code).toBe(1);
    // client-go's words for ECONNREFUSED (staging/src/k8s.io/client-go/rest/request.go).
    expect(lastLine(refused.stderr)).toBe(`The connection to the server 127.0.0.1:${port()} was refused - did you specify the right host or port?`);
    await proxies.apiServer.clear();
    expect(proxies.apiServer.url).toBe(before);
    expect((await getPods()).stdout).toBe(PODS.map((p) => `pod/${p}\n`).join(''));
  });

  it('presents a certificate from an unknown CA', async () => {
    await proxies.apiServer.set({ kind: 'certificate', certificate: 'unknownAuthority' });
    const result = await getPods();
    expect([result.code, lastLine(result.stderr)]).toEqual([1, 'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority']);
  });

  it('presents an expired certificate', async () => {
    await proxies.apiServer.set({ kind: 'certificate', certificate: 'expired' });
    const result = await getPods();
    expect(result.code).toBe(1);
    // Go's x509.CertificateInvalidError for Expired names the time now and the certificate's NotAfter, a day ago.
    const match = /^Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time (\S+) is after (\S+)$/.exec(
      lastLine(result.stderr)!,
    );
    expect(match).not.toBeNull();
    const expiredFor = Date.parse(match![1]) - Date.parse(match![2]);
    expect(Math.round(expiredFor / 3_600_000)).toBe(24);
  });

  it('presents a certificate for another host', async () => {
    await proxies.apiServer.set({ kind: 'certificate', certificate: 'wrongHost' });
    const result = await getPods();
    expect([result.code, lastLine(result.stderr)]).toEqual([
      1,
      "Unable to connect to the server: tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
    ]);
  });

  it('answers 503 with a Status on the one path it filters, while discovery goes through', async () => {
    await proxies.apiServer.set({ kind: 'status', code: 503, match: { path: '/api/v1/namespaces/eks-work/pods' } });
    const result = await getPods();
    expect([result.code, result.stderr]).toEqual([1, 'Error from server (ServiceUnavailable): the server is currently unable to handle the request\n']);
    expect((await kubectl(['get', 'namespaces', 'eks-work', '-o', 'name'])).stdout).toBe('namespace/eks-work\n');
  });

  it('answers 429 with Retry-After, which kubectl obeys ten times before it gives up', async () => {
    await proxies.apiServer.set({ kind: 'status', code: 429, retryAfterSeconds: 0, match: { path: '/api/v1/namespaces/eks-work/pods' } });
    const before = proxies.apiServer.stats().faulted;
    const result = await getPods();
    expect([result.code, lastLine(result.stderr)]).toEqual([1, 'Error from server (TooManyRequests): Too many requests, please try again later.']);
    // client-go's default maxRetries is 10: the first try and ten more.
    expect(proxies.apiServer.stats().faulted - before).toBe(11);
    await proxies.apiServer.clear();
    expect((await getPods()).code).toBe(0);
  });

  it('cuts an open watch mid-stream with reset on watches only, and leaves lists alone', async () => {
    const events: string[] = [];
    const ended = new Promise<string>((resolve) => {
      const url = `${proxies.apiServer.url}/api/v1/namespaces/eks-work/pods?watch=true&resourceVersion=0`;
      const req = https.get(url, { ca: proxies.apiServer.ca, headers: { Authorization: `Bearer ${admin().token}` } }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) =>
          events.push(
            ...chunk
              .split('\n')
              .filter(Boolean)
              .map((line) => `${JSON.parse(line).type} ${JSON.parse(line).object.metadata.name}`),
          ),
        );
        res.on('end', () => resolve('end'));
        res.on('aborted', () => resolve('aborted'));
        res.on('error', (err) => resolve(`error ${(err as NodeJS.ErrnoException).code}`));
      });
      req.on('error', (err) => resolve(`request error ${(err as NodeJS.ErrnoException).code}`));
    });
    await expect.poll(() => events.length).toBe(3);
    sandbox.world.store.create('pods', pod('during-watch'));
    await expect.poll(() => events.length).toBe(4);
    const open = proxies.apiServer.stats().connectionsOpen;
    expect(open).toBeGreaterThan(0);
    await proxies.apiServer.set({ kind: 'reset', match: { watch: true } });
    expect(await ended).toMatch(/^(aborted|error ECONNRESET)$/);
    expect(events).toEqual(['ADDED api-0', 'ADDED api-1', 'ADDED worker-0', 'ADDED during-watch']);
    expect((await getPods()).stdout).toBe(
      [...PODS, 'during-watch']
        .sort()
        .map((p) => `pod/${p}\n`)
        .join(''),
    );
    sandbox.world.store.delete('pods', 'eks-work', 'during-watch');
  });

  it('cuts every open connection with reset and no filter, and counts them closed', async () => {
    const ended = new Promise<string>((resolve) => {
      https.get(`${proxies.apiServer.url}/api/v1/namespaces?watch=true`, { ca: proxies.apiServer.ca, headers: { Authorization: `Bearer ${admin().token}` } }, (res) => {
        res.resume();
        res.on('aborted', () => resolve('aborted'));
        res.on('end', () => resolve('end'));
      });
    });
    await expect.poll(() => proxies.apiServer.stats().connectionsOpen).toBe(1);
    const before = proxies.apiServer.stats().faulted;
    await proxies.apiServer.set({ kind: 'reset' });
    expect(await ended).toBe('aborted');
    await expect.poll(() => proxies.apiServer.stats().connectionsOpen).toBe(0);
    expect(proxies.apiServer.stats().faulted - before).toBe(1);
  });

  it('holds requests without an answer while it hangs, and counts the connections it holds', async () => {
    await proxies.apiServer.set({ kind: 'hang' });
    const before = proxies.apiServer.stats();
    const result = await kubectl(['get', 'pods', '-n', 'eks-work', '--request-timeout=1s']);
    expect(result.code).toBe(1);
    // --request-timeout bounds the whole call, TLS handshake included. Go's net/http words it by where the
    // deadline found the request: still waiting for its connection (TLS unfinished) or awaiting headers.
    expect(lastLine(result.stderr)).toMatch(
      /^Unable to connect to the server: (context deadline exceeded|net\/http: request canceled while waiting for connection)( \(Client\.Timeout exceeded while awaiting headers\))?$/,
    );
    expect(proxies.apiServer.stats().connectionsOpened).toBeGreaterThan(before.connectionsOpened);
  });

  it('holds each request the delay says before forwarding it', async () => {
    await getPods();
    await proxies.apiServer.set({ kind: 'delay', ms: 600, match: { path: '/api/v1/namespaces/eks-work/pods' } });
    const started = Date.now();
    expect((await getPods()).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });
});

describe('the AWS endpoint through the fault proxy', () => {
  it('answers CloudWatch Logs calls with ThrottlingException as the SDK names it, then lets them through once cleared', async () => {
    const logs = new CloudWatchLogsClient(awsClientConfig());
    await proxies.aws.set({ kind: 'status', code: 429, awsError: 'ThrottlingException', match: { operation: 'Logs_20140328' } });
    const error = await logs.send(new DescribeLogGroupsCommand({})).catch((err: Error & { $metadata?: { httpStatusCode?: number } }) => err);
    expect([(error as Error).name, (error as Error).message, (error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode]).toEqual(['ThrottlingException', 'Rate exceeded', 400]);
    await proxies.aws.clear();
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual(expect.any(Array));
    logs.destroy();
  });

  it('answers CloudWatch with its awsQuery-compatible error codes, and only the operation it filters', async () => {
    const cloudwatch = new CloudWatchClient(awsClientConfig());
    const logs = new CloudWatchLogsClient(awsClientConfig());
    await proxies.aws.set({ kind: 'status', code: 429, awsError: 'LimitExceededException', match: { operation: 'GraniteServiceVersion20100801.DescribeAlarms' } });
    const error = (await cloudwatch.send(new DescribeAlarmsCommand({})).catch((err: unknown) => err)) as Error & { Code?: string };
    // CloudWatch models LimitExceededException with the awsQuery code LimitExceededException (@aws-sdk/client-cloudwatch).
    expect([error.name, error.Code, error.message]).toEqual(['LimitExceededException', 'LimitExceededException', 'Resource limit exceeded.']);
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual(expect.any(Array));
    await proxies.aws.set({ kind: 'status', code: 429, awsError: 'ExpiredTokenException' });
    const expired = (await logs.send(new DescribeLogGroupsCommand({})).catch((err: unknown) => err)) as Error;
    expect([expired.name, expired.message]).toEqual(['ExpiredTokenException', 'The security token included in the request is expired']);
    cloudwatch.destroy();
    logs.destroy();
  });
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'the control endpoint'), () => {
  it('sets, lists and clears faults over loopback JSON, and wrote where the proxies are', async () => {
    const control = proxies.control.url;
    const put = await fetch(`${control}/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiServer: [{ kind: 'refuse' }] }) });
    expect([put.status, await put.json()]).toEqual([200, { apiServer: [{ kind: 'refuse' }], aws: [] }]);
    expect((await getPods()).code).toBe(1);
    const cleared = await fetch(`${control}/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ apiServer: [], aws: [] });
    expect((await getPods()).code).toBe(0);
    const bad = await fetch(`${control}/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiServer: [{ kind: 'explode' }] }) });
    expect(bad.status).toBe(400);
    const file = JSON.parse(await (await import('node:fs/promises')).readFile(join(dir, 'faults.json'), 'utf8'));
    expect(file).toEqual({ apiServer: { url: proxies.apiServer.url }, aws: { url: proxies.aws.url }, control: { url: control } });
  });
});
