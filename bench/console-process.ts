/** Running the console as `npm start` runs it, for the benches that measure it from outside. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { buildIsCurrent, recordBuild, sourceFingerprint } from '../scripts/build-fingerprint';
import { startStandalone } from '../scripts/standalone';

export const root = path.resolve(import.meta.dirname, '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

export async function buildIfStale(): Promise<void> {
  const fingerprint = sourceFingerprint(root);
  if (buildIsCurrent(root, fingerprint)) return;
  console.log('building the console (next build)…');
  const code = await exited(spawn(process.execPath, [nextBin, 'build'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' }));
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
  recordBuild(root, fingerprint);
}

/**
 * The console as `npm start` and the image run it: `node server.js` in the standalone directory with
 * the server's node flags, listening on 127.0.0.1:`port`; `nodeArgs` go before the script too (a CPU
 * profile's flags). WATCHDECK_BENCH_NODE_FLAGS, space-separated, replaces the server's flags, to
 * compare a run under other ones ("" for none).
 */
export function startConsole(port: number, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  const flags = process.env.WATCHDECK_BENCH_NODE_FLAGS?.split(' ').filter(Boolean);
  return startStandalone(root, { ...env, PORT: String(port), HOSTNAME: '127.0.0.1' }, { cwd: root, flags, nodeArgs, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      // Ready, not just listening: the store is open, so a fresh data directory's initdb is not timed as the first sign-in.
      if ((await fetch(`${url}/api/v1/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('the console did not become ready');
}

/** The sandbox in a process of its own (`sandbox/main.ts` with `args`), resolved once it says it is up. */
export async function startSandboxProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('is up at')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  child.stdout!.resume();
  return child;
}
