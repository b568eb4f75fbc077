import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMAGE_COPIES, SERVER_NODE_FLAGS, standaloneEnv } from './standalone';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the image layout', () => {
  it('copies from the build exactly what the Dockerfile runtime stage copies', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    const copies = [...runtime.matchAll(/^COPY --from=build \/src\/(\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
    const expected = IMAGE_COPIES.map(([from, to]) => [from, to === '.' ? './' : `./${to}`]);
    expect(copies).toEqual(expected);
    expect(copies).toEqual([
      ['.next/standalone', './'],
      ['.next/static', './.next/static'],
    ]);
  });

  it('runs the server as a numeric non-root user with node server.js, under the flags npm start gives it', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(dockerfile.trimEnd().split('\n').at(-1)).toBe(`CMD ${JSON.stringify(['node', ...SERVER_NODE_FLAGS, 'server.js']).replaceAll(',', ', ')}`);
    expect(dockerfile.trimEnd().split('\n').at(-1)).toBe('CMD ["node", "--heap-growing-percent=100", "server.js"]');
  });

  it('gives node flags this node accepts: an unknown one would stop the server before it starts', () => {
    expect(execFileSync(process.execPath, [...SERVER_NODE_FLAGS, '-p', '"started"'], { encoding: 'utf8' }).trim()).toBe('started');
    expect(() => execFileSync(process.execPath, ['--heap-growing-percentage=100', '-p', '1'], { stdio: 'pipe' })).toThrow(/bad option/);
  });
});

describe('standaloneEnv', () => {
  const cwd = path.join(os.tmpdir(), 'operator');

  it('makes relative file variables absolute against the caller directory, since the server runs in its own', () => {
    const env = standaloneEnv(
      { WATCHDECK_KUBECONFIG: 'k/config', KUBECONFIG: `a${path.delimiter}/etc/b`, WATCHDECK_HPA_RECORDER_TOKEN_FILE: 'token', WATCHDECK_DATA_DIR: 'var', PORT: '3000' },
      cwd,
      '/srv/data',
    );
    expect(env).toEqual({
      WATCHDECK_KUBECONFIG: path.join(cwd, 'k/config'),
      KUBECONFIG: `${path.join(cwd, 'a')}${path.delimiter}/etc/b`,
      WATCHDECK_HPA_RECORDER_TOKEN_FILE: path.join(cwd, 'token'),
      WATCHDECK_DATA_DIR: path.join(cwd, 'var'),
      PORT: '3000',
    });
  });

  it('keeps the data directory in the repository when none is set, as next start did', () => {
    expect(standaloneEnv<Record<string, string | undefined>>({}, cwd, '/srv/data').WATCHDECK_DATA_DIR).toBe('/srv/data');
  });
});
