/**
 * Two console replicas on one PostgreSQL, behind a round-robin proxy: a real PostgreSQL server
 * (server/store/testing/postgres.ts), a sandbox of their own, and two `next start` processes of
 * the production build the Playwright web server made, with one session secret and one
 * DATABASE_URL. The proxy alternates strictly and names the replica that answered, so each step
 * below says which replica it went through.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { startSandboxProcess } from '../bench/console-process';
import { sandboxConsoleEnv } from '../scripts/console-env';
import { startPostgres, type PostgresServer } from '../server/store/testing/postgres';
import { CLUSTER } from './fixtures';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const APPLICATION = '/aws/containerinsights/eks-work-cluster/application';
/** Shorter than the 15 s / 10 s / 2 s defaults to keep the run short, in client-go's proportions. */
const LEASE = { duration: 6_000, renewDeadline: 4_000, retryPeriod: 1_000 };
const SERVED_BY = 'x-served-by';

interface Replica {
  name: 'replica-a' | 'replica-b';
  port: number;
  child: ChildProcess;
  exit: Promise<number | null>;
}

let dir: string;
let postgres: PostgresServer;
let sandbox: ChildProcess;
let sandboxUrl: string;
let users: { username: string; token: string }[];
const replicas: Replica[] = [];
let proxy: http.Server;
let proxyUrl: string;
let api: APIRequestContext;
let csrfToken = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function awsEnv(): Record<string, string> {
  const lines = fs
    .readFileSync(path.join(dir, 'sandbox', 'env'), 'utf8')
    .trim()
    .split('\n');
  return Object.fromEntries(lines.map((line) => line.replace(/^export /, '')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}

async function startReplica(name: Replica['name'], secret: string): Promise<Replica> {
  const port = await freePort();
  const files = {
    consoleKubeconfig: path.join(dir, 'sandbox', 'console.kubeconfig'),
    users: path.join(dir, 'sandbox', 'users.json'),
    hpaRecorderToken: path.join(dir, 'sandbox', 'hpa-recorder.token'),
  };
  const env = sandboxConsoleEnv(
    {
      ...process.env,
      NODE_ENV: 'production' as const,
      PORT: String(port),
      DATABASE_URL: postgres.url,
      WATCHDECK_SESSION_SECRET: secret,
      WATCHDECK_DATA_DIR: path.join(dir, name),
      NEXT_MANUAL_SIG_HANDLE: 'true',
      POD_NAME: name,
      WATCHDECK_HPA_RECORDER_LEASE_DURATION: `${LEASE.duration / 1000}s`,
      WATCHDECK_HPA_RECORDER_RENEW_DEADLINE: `${LEASE.renewDeadline / 1000}s`,
      WATCHDECK_HPA_RECORDER_RETRY_PERIOD: `${LEASE.retryPeriod / 1000}s`,
    },
    files,
    awsEnv(),
  );
  const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/v1/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) break;
    if (Date.now() > deadline) throw new Error(`${name} did not become ready`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { name, port, child, exit };
}

/** Round-robin over the replicas that are up, naming the one that answered; the Host header goes through unchanged. */
function startProxy(): Promise<http.Server> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const up = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
    const target = up[next++ % up.length];
    const upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [SERVED_BY]: target.name });
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { kind: 'Internal', message: `${target.name} did not answer` } }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const token = (name: string) => users.find((u) => u.username === name)!.token;
const servedBy = (response: APIResponse) => response.headers()[SERVED_BY];
const headers = () => ({ origin: proxyUrl, 'x-csrf-token': csrfToken });

interface QueryState {
  id: string;
  status: string;
  results: { field: string; value: string }[][];
  rowOffset?: number;
  resultCount?: number;
}

async function readLease(): Promise<{ spec: { holderIdentity?: string; leaseTransitions?: number; acquireTime?: string; renewTime?: string } }> {
  const response = await fetch(`${sandboxUrl}/apis/coordination.k8s.io/v1/namespaces/default/leases/watchdeck-hpa-recorder`, { headers: { authorization: `Bearer ${token('admin')}` } });
  expect(response.status).toBe(200);
  return response.json();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-replicas-'));
  postgres = await startPostgres();
  const [sandboxPort, awsPort] = [await freePort(), await freePort()];
  // Each sandbox Logs Insights query runs 2 s, so one can be stopped while it runs.
  sandbox = await startSandboxProcess(['--dir', path.join(dir, 'sandbox'), '--port', String(sandboxPort), '--aws-port', String(awsPort), '--insecure', '--seed', '7', '--speed', '30'], {
    ...process.env,
    WATCHDECK_SANDBOX_QUERY_MS: '2000',
  });
  sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  users = JSON.parse(fs.readFileSync(path.join(dir, 'sandbox', 'users.json'), 'utf8'));
  const secret = 'replicas-session-secret-of-more-than-thirty-two-characters';
  // One after the other: the first applies the migrations, the second finds them applied.
  replicas.push(await startReplica('replica-a', secret));
  replicas.push(await startReplica('replica-b', secret));
  proxy = await startProxy();
  proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  api = await playwrightRequest.newContext({ baseURL: proxyUrl });
});

test.afterAll(async () => {
  await api?.dispose();
  proxy?.close();
  for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  sandbox?.kill('SIGTERM');
  await postgres?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a session signed in through one replica is valid on both', async () => {
  const anonymous = await api.get('/api/v1/auth/session');
  csrfToken = ((await anonymous.json()) as { csrfToken: string }).csrfToken;
  const signIn = await api.post('/api/v1/auth/sign-in', { headers: headers(), data: { token: token('oncall') } });
  expect(signIn.status()).toBe(200);
  const signedInThrough = servedBy(signIn);
  const sessions = [await api.get('/api/v1/auth/session'), await api.get('/api/v1/auth/session')];
  expect(sessions.map(servedBy).sort()).toEqual(['replica-a', 'replica-b']);
  for (const s of sessions) expect(await s.json()).toMatchObject({ signedIn: true });
  csrfToken = ((await sessions[0].json()) as { csrfToken: string }).csrfToken;
  const whoami = await api.get(`/api/v1/clusters/${CLUSTER}/whoami`);
  expect([whoami.status(), servedBy(whoami) !== undefined]).toEqual([200, true]);
  expect(signedInThrough).toMatch(/^replica-[ab]$/);
});

async function startQuery(body: object): Promise<{ state: QueryState; through: string }> {
  const now = Math.floor(Date.now() / 1000);
  // The sandbox runs 30 times faster than the wall clock, so its records run ahead of it: a window ending now would
  // hold only as many seconds of them as the wall clock has seen since it started.
  const response = await api.post('/api/v1/logs/queries', { headers: headers(), data: { cluster: CLUSTER, startTime: now - 3600, endTime: now + 3600, ...body } });
  const state = (await response.json()) as QueryState;
  expect(response.status(), JSON.stringify(state)).toBe(200);
  return { state, through: servedBy(response) };
}

/** Polls through the proxy until the query ends; every poll on a replica other than `not` is counted. */
async function pollToEnd(id: string, not: string): Promise<{ state: QueryState; elsewhere: number }> {
  let elsewhere = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 300))) {
    const response = await api.get(`/api/v1/logs/queries/${id}?cluster=${CLUSTER}`);
    expect(response.status()).toBe(200);
    if (servedBy(response) !== not) elsewhere++;
    const state = (await response.json()) as QueryState;
    if (!['Queued', 'Scheduled', 'Running'].includes(state.status)) return { state, elsewhere };
  }
  throw new Error(`query ${id} did not end within 60 s`);
}

/** Every row, read a page at a time as the page's export does, noting the replicas that answered. */
async function exportRows(id: string, pageSize: number): Promise<{ rows: QueryState['results']; through: Set<string> }> {
  const rows: QueryState['results'] = [];
  const through = new Set<string>();
  for (let offset = 0; ; offset += pageSize) {
    const response = await api.get(`/api/v1/logs/queries/${id}?cluster=${CLUSTER}&offset=${offset}&limit=${pageSize}`);
    through.add(servedBy(response));
    const page = (await response.json()) as QueryState;
    expect(page.rowOffset).toBe(offset);
    rows.push(...page.results);
    if (offset + pageSize >= page.resultCount!) return { rows, through };
  }
}

test('a CloudWatch query started through one replica is polled to Complete, paged and exported through the other, and a stop through the other stops it', async () => {
  const { state: started, through } = await startQuery({ queryString: 'fields @timestamp, @message | sort @timestamp desc | limit 25', source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } });
  const { state: done, elsewhere } = await pollToEnd(started.id, through);
  expect(elsewhere).toBeGreaterThan(0);
  expect(done.status).toBe('Complete');
  expect(done.results.length).toBe(25);
  const exported = await exportRows(started.id, 10);
  expect(exported.through).toEqual(new Set(['replica-a', 'replica-b']));
  expect(exported.rows).toEqual(done.results);

  const { state: running, through: startedOn } = await startQuery({ queryString: 'stats count(*) as n', source: { kind: 'cloudwatch', logGroupNames: [APPLICATION] } });
  let stop = await api.delete(`/api/v1/logs/queries/${running.id}?cluster=${CLUSTER}`, { headers: headers() });
  // Round robin: if the stop went back to the starting replica, the next request goes to the other.
  if (servedBy(stop) === startedOn) stop = await api.delete(`/api/v1/logs/queries/${running.id}?cluster=${CLUSTER}`, { headers: headers() });
  expect(servedBy(stop)).not.toBe(startedOn);
  expect(((await stop.json()) as QueryState).status).toBe('Cancelled');
  const after = await api.get(`/api/v1/logs/queries/${running.id}?cluster=${CLUSTER}`);
  expect(((await after.json()) as QueryState).status).toBe('Cancelled');
});

test('a pod-logs query runs on the replica that started it and is polled to Complete and paged through the other', async () => {
  // One row a pod: eks-work runs several pods labelled app, so the export below takes several pages.
  const { state: started, through } = await startQuery({ queryString: 'stats count(*) as n by kubernetes.pod_name', source: { kind: 'pods', namespace: 'eks-work', labelSelector: 'app' } });
  expect(started.status).toBe('Running');
  const { state: done, elsewhere } = await pollToEnd(started.id, through);
  expect(elsewhere).toBeGreaterThan(0);
  expect(done.status).toBe('Complete');
  expect(done.results.length).toBeGreaterThan(1);
  const exported = await exportRows(started.id, 1);
  expect(exported.through).toEqual(new Set(['replica-a', 'replica-b']));
  expect(exported.rows).toEqual(done.results);
});

test('the recorder Lease is held by exactly one replica, taken over when the holder is killed, and released by a drained replica', async () => {
  test.setTimeout(90_000);
  await expect.poll(async () => (await readLease()).spec.holderIdentity ?? '', { timeout: 20_000 }).toMatch(/^replica-[ab]_/);
  const holder = (await readLease()).spec.holderIdentity ?? '';
  // Stays with one holder across renewals.
  await new Promise((r) => setTimeout(r, 2 * LEASE.retryPeriod + 200));
  expect((await readLease()).spec.holderIdentity).toBe(holder);
  const leader = replicas.find((r) => holder.startsWith(`${r.name}_`))!;
  const other = replicas.find((r) => r !== leader)!;
  const transitions = (await readLease()).spec.leaseTransitions ?? 0;

  leader.child.kill('SIGKILL');
  // The holder's last renewal, once a renewal it sent just before dying has been answered.
  await new Promise((r) => setTimeout(r, 200));
  const lastRenewal = Date.parse((await readLease()).spec.renewTime!);
  await expect.poll(async () => (await readLease()).spec.holderIdentity, { timeout: 20_000, intervals: [200] }).toMatch(new RegExp(`^${other.name}_`));
  const taken = await readLease();
  expect(taken.spec.leaseTransitions).toBe(transitions + 1);
  // Read off the Lease's own times, not this test's polling. Never before LeaseDuration has passed since the last
  // renewal; and after it, within client-go's bound: the other candidate sees that renewal at its next try and takes
  // the Lease at its first try after it expires, each try a jittered RetryPeriod (up to 1.2 of them) apart; plus 3 s
  // for a machine so loaded that the replica's timers run late.
  const takenAfter = Date.parse(taken.spec.acquireTime!) - lastRenewal;
  expect(takenAfter).toBeGreaterThanOrEqual(LEASE.duration);
  expect(takenAfter).toBeLessThanOrEqual(LEASE.duration + 2.4 * LEASE.retryPeriod + 3_000);

  // SIGTERM while a live stream is open and a request is being answered (dev's log-group fields run a sample query of
  // 2 s): the stream ends with a reconnect event, new requests are 503 with Connection: close, readiness fails, the
  // request in flight still gets its answer, the Lease is released (an empty holder) and the process exits 0.
  const direct = `http://127.0.0.1:${other.port}`;
  const bearer = (user: string) => ({ authorization: `Bearer ${token(user)}` });
  const stream = await fetch(`${direct}/api/v1/clusters/${CLUSTER}/pods/watch?namespace=eks-work`, { headers: bearer('oncall') });
  expect(stream.status).toBe(200);
  const streamText = stream.text();
  const inFlight = fetch(`${direct}/api/v1/logs/log-groups/fields?cluster=${CLUSTER}&logGroupName=${encodeURIComponent(APPLICATION)}`, { headers: bearer('dev') });
  await new Promise((r) => setTimeout(r, 300));
  other.child.kill('SIGTERM');
  expect(await streamText).toMatch(/retry: 250\n\nevent: reconnect\ndata: \{"reason":"this console replica is shutting down"\}\n\n$/);
  const ready = await fetch(`${direct}/api/v1/readyz`);
  expect([ready.status, await ready.json()]).toEqual([503, { error: { kind: 'Unavailable', message: 'not ready: this console replica is shutting down (SIGTERM)' } }]);
  const refused = await fetch(`${direct}/api/v1/clusters`, { headers: bearer('oncall') });
  expect([refused.status, refused.headers.get('connection')]).toEqual([503, 'close']);
  expect(((await refused.json()) as { error: { kind: string } }).error.kind).toBe('Unavailable');
  const answered = await inFlight;
  expect(answered.status).toBe(200);
  expect(((await answered.json()) as { restrictedTo: string[] }).restrictedTo).toEqual(['rbac-test-ns']);
  expect(await other.exit).toBe(0);
  expect((await readLease()).spec.holderIdentity).toBe('');
});
