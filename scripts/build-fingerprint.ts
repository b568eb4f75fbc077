/** Whether `.next` was built from the current sources: a hash of every input of `next build`, kept beside the build. */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUT_DIRS = ['app', 'components', 'lib', 'server', 'public', 'i18n', 'messages'];
// The modules Next.js loads by convention from the root (instrumentation, the proxy) are inputs too.
const INPUT_FILES = ['instrumentation.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs', 'proxy.ts', 'tsconfig.json'];
const FINGERPRINT_FILE = 'watchdeck-fingerprint';

function walk(root: string, dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) walk(root, relative, out);
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) out.push(relative);
  }
}

export function sourceFingerprint(root: string): string {
  const files: string[] = [];
  for (const dir of INPUT_DIRS) walk(root, dir, files);
  for (const file of INPUT_FILES) if (fs.existsSync(path.join(root, file))) files.push(file);
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** True when `.next` holds a production build made from exactly these sources. */
export function buildIsCurrent(root: string, fingerprint: string): boolean {
  const next = path.join(root, '.next');
  if (!fs.existsSync(path.join(next, 'BUILD_ID'))) return false;
  try {
    return fs.readFileSync(path.join(next, FINGERPRINT_FILE), 'utf8') === fingerprint;
  } catch {
    return false;
  }
}

export function recordBuild(root: string, fingerprint: string): void {
  fs.writeFileSync(path.join(root, '.next', FINGERPRINT_FILE), fingerprint);
}

/**
 * Runs the build `start` spawns (`next build`) unless `.next` is current, and records the sources it
 * was built from when it succeeds. Resolves to the build's exit code; 0 when nothing needed building.
 */
export async function buildIfStale(root: string, start: () => ChildProcess): Promise<number> {
  const fingerprint = sourceFingerprint(root);
  if (buildIsCurrent(root, fingerprint)) return 0;
  const child = start();
  const code = await new Promise<number>((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  if (code === 0) recordBuild(root, fingerprint);
  return code;
}
