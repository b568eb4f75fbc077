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

export function onPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/** The client `name` when `probe` (its arguments) exits 0: a shim on PATH (pyenv's) may lead nowhere. */
export function findClient(name: string, probe: string[], missing: string, searchPath?: string): Client {
  const command = onPath(name, searchPath);
  if (!command) return { missing: `${name} not found on PATH` };
  const run = spawnSync(command, probe, { stdio: 'ignore', timeout: 30_000 });
  return run.status === 0 ? { command } : { missing };
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
  pythonKubernetes: (): Client => once('python', () => findClient('python3', ['-c', 'import kubernetes'], "Python's kubernetes client is not installed (python3 -c 'import kubernetes' fails)")),
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
