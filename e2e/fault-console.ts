/**
 * A sandbox of its own with the fault proxies in front (`npm run sandbox -- --faults`), and a
 * console (`next start` of the existing production build) whose kubeconfig and AWS endpoint go
 * through them; the proxies' control, and the API server straight, for what the pages must show.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { exited, freePort, nextBin, root, startSandboxProcess } from '../bench/console-process';
import { sandboxConsoleEnv } from '../scripts/console-env';
import { seedDataDir } from './fixtures';

type FaultTarget = 'apiServer' | 'aws';
/** A fault as PUT /faults takes it (sandbox/faults/faults.ts); kept loose here so e2e imports nothing from sandbox/. */
export type Fault = { kind: string } & Record<string, unknown>;
export type UserName = 'admin' | 'oncall' | 'dev';

export interface ProxyStats {
  connectionsOpened: number;
  connectionsOpen: number;
  requests: number;
  faulted: number;
}

export interface FaultConsole {
  url: string;
  /** The console's process, for its RSS and open descriptors. */
  console: ChildProcess;
  set(faults: Partial<Record<FaultTarget, Fault[]>>): Promise<void>;
  clear(): Promise<void>;
  stats(): Promise<Record<FaultTarget, ProxyStats>>;
  /** A request to the API server as the user, not through the proxy: what is really there. */
  apiServer(user: UserName, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** The pod names the API server lists to the user in a namespace. */
  podNames(user: UserName, namespace: string): Promise<string[]>;
  stop(): Promise<void>;
}

function awsEnv(file: string): Record<string, string> {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  return Object.fromEntries(lines.map((line) => line.replace(/^export /, '')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode})`);
    if (
      (await fetch(`${url}/api/v1/readyz`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return;
    if (Date.now() > deadline) throw new Error('the console did not become ready in 120 s');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Starts both under `dir` (which it fills: sandbox/, data/); `stop` ends them and leaves `dir` to the caller. */
export async function startFaultConsole(dir: string, options: { seed?: number; env?: NodeJS.ProcessEnv } = {}): Promise<FaultConsole> {
  const sandboxDir = path.join(dir, 'sandbox');
  const sandbox = await startSandboxProcess(['--faults', '--dir', sandboxDir, '--seed', String(options.seed ?? 7)]);
  const proxies = JSON.parse(fs.readFileSync(path.join(sandboxDir, 'faults.json'), 'utf8')) as Record<FaultTarget | 'control', { url: string }>;
  const users = JSON.parse(fs.readFileSync(path.join(sandboxDir, 'users.json'), 'utf8')) as { username: string; token: string }[];
  const kubeconfig = fs.readFileSync(path.join(sandboxDir, 'kubeconfig'), 'utf8');
  const server = /server: (\S+)/.exec(kubeconfig)![1];
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kubeconfig)![1], 'base64');

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const files = { consoleKubeconfig: path.join(sandboxDir, 'console.kubeconfig'), users: path.join(sandboxDir, 'users.json') };
  const aws = { ...awsEnv(path.join(sandboxDir, 'env')), AWS_ENDPOINT_URL: proxies.aws.url };
  const env = sandboxConsoleEnv(
    { ...process.env, ...options.env, NODE_ENV: 'production' as const, PORT: String(port), WATCHDECK_DATA_DIR: path.join(dir, 'data'), WATCHDECK_HPA_RECORDER: 'off' },
    files,
    aws,
  );
  seedDataDir(path.join(dir, 'data'));
  const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await untilReady(url, child);

  async function control(method: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${proxies.control.url}${method === 'STATS' ? '/stats' : '/faults'}`, {
      method: method === 'STATS' ? 'GET' : method,
      ...(body ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`the fault control answered ${response.status}: ${await response.text()}`);
    return response.json();
  }

  function apiServer(user: UserName, method: string, requestPath: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const token = users.find((u) => u.username === user)!.token;
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(`${server}${requestPath}`, { method, ca, headers: { Authorization: `Bearer ${token}`, ...(text ? { 'Content-Type': 'application/json' } : {}) } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) : undefined }));
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  return {
    url,
    console: child,
    set: async (faults) => void (await control('PUT', faults)),
    clear: async () => void (await control('DELETE')),
    stats: async () => (await control('STATS')) as Record<FaultTarget, ProxyStats>,
    apiServer,
    async podNames(user, namespace) {
      const { status, body } = await apiServer(user, 'GET', `/api/v1/namespaces/${namespace}/pods`);
      if (status !== 200) throw new Error(`the API server answered ${status} listing pods in ${namespace} as ${user}`);
      return (body as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name).sort();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
        await exited(child);
        clearTimeout(killer);
      }
      if (sandbox.exitCode === null && sandbox.signalCode === null) {
        sandbox.kill('SIGTERM');
        await exited(sandbox);
      }
    },
  };
}
