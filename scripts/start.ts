/**
 * `npm start`: the console on the cluster in KUBECONFIG / WATCHDECK_KUBECONFIG, or, when neither is set,
 * on a sandbox cluster started in this process (token mode, its users printed here for the operator).
 *
 *   --port N        console port (default PORT or 3000); HOST sets the address (default 127.0.0.1)
 *   --seed N        sandbox seed
 *   --speed N       sandbox simulated seconds per real second
 *   --sandbox       use the sandbox even when a kubeconfig is configured
 *   --sandbox-dir D where the sandbox writes its kubeconfigs and users (default .sandbox)
 *   --oidc          sign in at the sandbox's OpenID provider (oidc mode) instead of with tokens
 *   --id-token-ttl N with --oidc, the provider's ID token lifetime in seconds (default 3600)
 *   --dev           `next dev` instead of a production build
 *   --faults        put the sandbox's fault-injecting proxies between the console and the sandbox (docs/sandbox.md)
 *   --clock-control N start the sandbox's clock N seconds behind the wall clock, with a loopback control to move it forward (docs/sandbox.md)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Sandbox } from '../sandbox/index';
import { buildIfStale } from './build-fingerprint';
import { sandboxConsoleEnv, sandboxOidcConsoleEnv } from './console-env';
import { startStandalone } from './standalone';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function fail(message: string): never {
  console.error(`watchdeck: ${message}`);
  process.exit(1);
}

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) fail(`--${name} must be a positive number (got "${value}")`);
  return number;
}

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    speed: { type: 'string' },
    sandbox: { type: 'boolean', default: false },
    'sandbox-dir': { type: 'string', default: '.sandbox' },
    dev: { type: 'boolean', default: false },
    oidc: { type: 'boolean', default: false },
    'id-token-ttl': { type: 'string' },
    faults: { type: 'boolean', default: false },
    'clock-control': { type: 'string' },
  },
});

const port = numberFlag('port', flags.port ?? process.env.PORT) ?? 3000;
const host = process.env.HOST || '127.0.0.1';
const clockBehind = numberFlag('clock-control', flags['clock-control']);
const useSandbox = flags.sandbox || flags.oidc || flags.faults || clockBehind !== undefined || !(process.env.KUBECONFIG || process.env.WATCHDECK_KUBECONFIG);
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

let sandbox: Sandbox | undefined;
let console_: ChildProcess | undefined;
let stopping = false;

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: 'inherit' });
}

/** The production server as the image runs it: `node server.js` in the standalone directory. */
function runStandalone(env: NodeJS.ProcessEnv): ChildProcess {
  return startStandalone(root, { ...env, HOSTNAME: host }, { cwd: process.cwd(), stdio: 'inherit' });
}

function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function stop(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  if (console_ && console_.exitCode === null && console_.signalCode === null) {
    console_.kill('SIGTERM');
    // The console drains for up to WATCHDECK_SHUTDOWN_GRACE (20 s) before it exits on its own.
    const killer = setTimeout(() => console_?.kill('SIGKILL'), drainMs() + 5000);
    await exited(console_);
    clearTimeout(killer);
  }
  await sandbox?.close();
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** WATCHDECK_SHUTDOWN_GRACE in milliseconds, as the console reads it (seconds or minutes here). */
function drainMs(): number {
  const m = /^(\d+)(s|m)$/.exec(process.env.WATCHDECK_SHUTDOWN_GRACE?.trim() ?? '');
  return m ? Number(m[1]) * (m[2] === 'm' ? 60_000 : 1000) : 20_000;
}

async function buildConsole(): Promise<void> {
  const code = await buildIfStale(root, () => {
    console.log('watchdeck: building the console (next build)…');
    return (console_ = run(['build'], { ...process.env, NODE_ENV: 'production' }));
  });
  console_ = undefined;
  if (code !== 0) fail(`next build failed (exit ${code})`);
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/api/v1/healthz`);
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

async function main(): Promise<void> {
  if (!flags.dev) await buildConsole();
  if (stopping) return;

  let env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  if (useSandbox) {
    const { startSandbox, sandboxAwsEnv } = await import('../sandbox/index');
    const started = await startSandbox({
      dir: path.resolve(root, flags['sandbox-dir']),
      seed: numberFlag('seed', flags.seed),
      speed: numberFlag('speed', flags.speed),
      faults: flags.faults,
      ...(clockBehind !== undefined ? { clockControl: { behindSeconds: clockBehind } } : {}),
      ...(flags.oidc
        ? { oidc: { redirectUris: [`${url}/api/v1/auth/callback`], postLogoutRedirectUris: [`${url}/sign-in`], idTokenTtlSeconds: numberFlag('id-token-ttl', flags['id-token-ttl']) } }
        : {}),
    });
    sandbox = started;
    if (!started.files) fail('the sandbox wrote no kubeconfig files');
    const aws = sandboxAwsEnv(started.faults ? { ...started.aws, url: started.faults.aws.url } : started.aws);
    if (started.oidc && started.files.oidcClientSecret && started.files.oidcCa) {
      const files = { ...started.files, oidcClientSecret: started.files.oidcClientSecret, oidcCa: started.files.oidcCa };
      env = sandboxOidcConsoleEnv(env, files, aws, { issuer: started.oidc.issuer, clientId: started.oidc.clientId, publicUrl: url });
      console.log(`watchdeck: sandbox OpenID provider at ${started.oidc.issuer} (discovery: ${started.oidc.issuer}/.well-known/openid-configuration)`);
    } else {
      env = sandboxConsoleEnv(env, started.files, aws);
    }
    console.log(`watchdeck: sandbox cluster at ${started.url} (kubeconfig: ${started.files.kubeconfig})`);
    console.log(`watchdeck: sandbox AWS endpoint at ${started.aws.url} (region ${started.aws.region}; shell variables: ${started.files.env})`);
    if (started.clock) console.log(`watchdeck: the sandbox's clock runs ${clockBehind} s behind the wall clock; control at ${started.clock.url}/clock`);
    if (started.faults) console.log(`watchdeck: the console reaches the sandbox through fault proxies; control at ${started.faults.control.url}/faults`);
  }

  // A production console drains on SIGTERM itself (instrumentation.ts) instead of Next.js closing it at once.
  if (!flags.dev) env = { ...env, NEXT_MANUAL_SIG_HANDLE: 'true' };
  console_ = flags.dev ? run(['dev', '--port', String(port), '--hostname', host], env) : runStandalone(env);
  console_.once('exit', (code) => {
    if (!stopping) {
      console.error(`watchdeck: the console exited (code ${code})`);
      void stop(code ?? 1);
    }
  });
  if (!(await waitUntilReady(url, console_))) return;

  const lines = [``, `Watchdeck is running at ${url}`];
  if (sandbox?.oidc) {
    lines.push(`Sign in at the sandbox OpenID provider (${sandbox.oidc.issuer}) as one of (passwords change at every start):`);
    const width = Math.max(...sandbox.oidc.users.map((user) => user.username.length));
    for (const user of sandbox.oidc.users) lines.push(`  ${user.username.padEnd(width)}  ${user.password}  ${user.description}`);
  } else if (sandbox) {
    lines.push(`Sandbox users (sign in with a token, or with the buttons on the sign-in page):`);
    const width = Math.max(...sandbox.users.map((user) => user.username.length));
    for (const user of sandbox.users) lines.push(`  ${user.username.padEnd(width)}  ${user.token}  ${user.description}`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  void stop(1);
});
