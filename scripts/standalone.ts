/**
 * The image's application directory, made from a production build: Next.js's standalone server
 * with its traced dependencies, plus the static files it serves (the Dockerfile copies the same;
 * the console has no public/ directory). `npm start` runs the server from such a directory, as the image does.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const STANDALONE_DIR = path.join('.next', 'standalone');

/**
 * The flags `node` runs the server with, here, in `npm start` and in the image's CMD. V8 lets the old
 * generation grow to up to four times what the last full collection left before it collects again;
 * while the console streams a large list, what it grows with is garbage. Capped at twice, a
 * 150,000-pod stream peaked at 366–375 MiB resident instead of 548–630 MiB, for the same CPU per pod
 * (18.5 µs against 18.1–18.3 µs); capped at 1.5 times, at 340–353 MiB but 23.1 µs a pod
 * (bench/pods-page.ts --stream-only, WATCHDECK_BENCH_NODE_FLAGS). Not allowed in NODE_OPTIONS.
 */
export const SERVER_NODE_FLAGS = ['--heap-growing-percent=100'];

/** What the Dockerfile copies from the build, as [from, to] relative to the repository and to the application directory. */
export const IMAGE_COPIES: [string, string][] = [
  [STANDALONE_DIR, '.'],
  [path.join('.next', 'static'), path.join('.next', 'static')],
];

/** Copies the build into `appDir` as the image holds it; `appDir` may be the standalone directory itself. */
export function copyImageLayout(root: string, appDir: string): void {
  for (const [from, to] of IMAGE_COPIES) {
    const source = path.join(root, from);
    const target = path.resolve(appDir, to);
    if (!fs.existsSync(source) || source === target) continue;
    // A rebuild's static files replace the last ones; the server directory itself is copied over.
    if (to !== '.') fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
  }
}

/** Variables that name files: the server runs in its own directory, so relative names are made absolute first. */
const PATH_VARIABLES = /^(KUBECONFIG|WATCHDECK_KUBECONFIG|WATCHDECK_\w+_(FILE|DIR))$/;

/** The server's environment: file names resolved against `cwd`, and the data directory `defaultDataDir` unless set. */
export function standaloneEnv<E extends Record<string, string | undefined>>(env: E, cwd: string, defaultDataDir: string): E {
  const next: Record<string, string | undefined> = { ...env, WATCHDECK_DATA_DIR: env.WATCHDECK_DATA_DIR || defaultDataDir };
  for (const [name, value] of Object.entries(next)) {
    if (!value || !PATH_VARIABLES.test(name)) continue;
    next[name] = value
      .split(path.delimiter)
      .map((p) => (p ? path.resolve(cwd, p) : p))
      .join(path.delimiter);
  }
  return next as E;
}

/**
 * The production server as the image runs it: the build laid out in the standalone directory, then
 * `node` with the server's flags (or `options.flags`) and `server.js` there. File variables in `env`
 * are resolved against `options.cwd`; `options.nodeArgs` go before the script too (a CPU profile's).
 */
export function startStandalone(root: string, env: NodeJS.ProcessEnv, options: { cwd: string; flags?: string[]; nodeArgs?: string[]; stdio: StdioOptions }): ChildProcess {
  const dir = path.join(root, STANDALONE_DIR);
  copyImageLayout(root, dir);
  const serverEnv = standaloneEnv(env, options.cwd, path.join(root, 'data'));
  return spawn(process.execPath, [...(options.flags ?? SERVER_NODE_FLAGS), ...(options.nodeArgs ?? []), path.join(dir, 'server.js')], { cwd: dir, env: serverEnv, stdio: options.stdio });
}
