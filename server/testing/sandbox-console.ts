import 'server-only';
/** Test scaffolding: the default scenario's sandbox, a console in token mode in front of it, and callers for route handlers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandboxAwsEnv, startSandbox, type Sandbox, type SandboxOptions } from '@/sandbox';
import { useTestConsole, type TestConsole } from './setup';

export const CLUSTER = 'eks-work-cluster';
const ORIGIN = 'http://console.test:3000';

export type SandboxUserName = 'admin' | 'oncall' | 'dev';

export interface SandboxConsole {
  sandbox: Sandbox;
  console: TestConsole;
  /** A GET as the sandbox user (Bearer token), e.g. request('dev', '/api/v1/clusters/eks-work-cluster/pods'). */
  request(user: SandboxUserName, url: string, headers?: Record<string, string>): Request;
  token(user: SandboxUserName): string;
  close(): Promise<void>;
}

export async function startSandboxConsole(options: SandboxOptions & { advanceMs?: number } = {}): Promise<SandboxConsole> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-sandbox-'));
  const { advanceMs, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ seed: 1, mode: 'manual', ...sandboxOptions, dir });
  if (advanceMs) sandbox.world.advance(advanceMs);
  // The AWS SDK finds its (shared) credentials in the environment, as it does on the sandbox's console.
  const awsEnv = sandboxAwsEnv(sandbox.aws);
  process.env.AWS_ACCESS_KEY_ID = awsEnv.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = awsEnv.AWS_SECRET_ACCESS_KEY;
  const console = await useTestConsole(fs.readFileSync(sandbox.files!.consoleKubeconfig, 'utf8'), {
    authMode: 'token',
    namespaces: ['eks-work', 'rbac-test-ns'],
    aws: { region: sandbox.aws.region, endpoint: sandbox.aws.url },
  });
  const token = (name: string) => sandbox.users.find((u) => u.username === name)!.token;
  return {
    sandbox,
    console,
    token,
    request: (user, url, headers = {}) => new Request(`${ORIGIN}${url}`, { headers: { authorization: `Bearer ${token(user)}`, ...headers } }),
    async close() {
      await console.close();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RouteAnswer {
  status: number;
  etag: string | null;
  text: string;
  /** The JSON answer, read by path in assertions of its exact values. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
  body: any;
}

/** Calls a route handler as the sandbox user, with a JSON body when one is given. */
export async function callAs(
  t: SandboxConsole,
  user: SandboxUserName,
  method: string,
  url: string,
  handler: (r: Request, c: never) => Promise<Response>,
  ctx: unknown,
  json?: unknown,
  headers: Record<string, string> = {},
): Promise<RouteAnswer> {
  const base = t.request(user, url, { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers });
  const request = new Request(base, { method, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const response = await handler(request, ctx as never);
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), text, body: text ? JSON.parse(text) : undefined };
}

export function params<T>(value: T) {
  return { params: Promise.resolve(value) };
}
