/**
 * The image's application directory, made from a production build: Next.js's standalone server
 * with its traced dependencies, plus the static files it serves (the Dockerfile copies the same;
 * the console has no public/ directory). `npm start` runs the server from such a directory, as the image does.
 */
import fs from 'node:fs';
import path from 'node:path';

export const STANDALONE_DIR = path.join('.next', 'standalone');

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
