/**
 * The real clients that conformance tests drive, where this machine has them. A machine with only
 * Node.js and npm has none of them: the tests that need one skip, and a warning and their title
 * name the missing client, so a run never counts them as passed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Client {
  /** The executable, when the client is here and works. */
  command?: string;
  /** Why the tests that need it skip, when it is not. */
  missing?: string;
}

/** Every executable file named `name` in the directories of `searchPath`, in PATH order, each real file once. */
export function allOnPath(name: string, searchPath = process.env.PATH ?? ''): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (!fs.statSync(file).isFile()) continue;
      // /bin is a link to /usr/bin on merged-/usr systems: probe the same file once.
      const real = fs.realpathSync(file);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(file);
    } catch {
      // Not in this directory.
    }
  }
  return found;
}

export function onPath(name: string, searchPath?: string): string | undefined {
  return allOnPath(name, searchPath)[0];
}

/**
 * The first `name` on PATH whose `probe` (its arguments) exits 0. A shim early on PATH (pyenv's) may
 * lead nowhere or to a Python without the module, while a later one (Debian's /usr/bin/python3) works.
 */
export function findClient(name: string, probe: string[], missing: string, searchPath?: string): Client {
  const candidates = allOnPath(name, searchPath);
  if (candidates.length === 0) return { missing: `${name} not found on PATH` };
  const command = candidates.find((c) => spawnSync(c, probe, { stdio: 'ignore', timeout: 30_000 }).status === 0);
  return command ? { command } : { missing };
}

const cache = new Map<string, Client>();
function once(key: string, find: () => Client): Client {
  if (!cache.has(key)) cache.set(key, find());
  return cache.get(key)!;
}

/** Each found once per test file, on first use. */
export const clients = {
  kubectl: (): Client => once('kubectl', () => findClient('kubectl', ['version', '--client'], 'kubectl on PATH does not run')),
  /** The official Kubernetes Python client (Debian's python3-kubernetes, or pip's kubernetes). */
  pythonKubernetes: (): Client =>
    once('python', () => findClient('python3', ['-c', 'import kubernetes'], "no python3 on PATH has the kubernetes client (python3 -c 'import kubernetes' fails for each)")),
  awsCli: (): Client => once('aws', () => findClient('aws', ['--version'], 'aws on PATH does not run')),
};

/**
 * The title of tests that need `c`, naming why they skip when it is absent; the warning shows in the
 * run's output, where a reporter may not print a skipped title.
 */
export function needing(c: Client, title: string): string {
  if (c.command) return title;
  console.warn(`skipping "${title}": ${c.missing}`);
  return `${title} (skipped: ${c.missing})`;
}
