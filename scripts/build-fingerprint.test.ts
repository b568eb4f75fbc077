import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, recordBuild, sourceFingerprint } from './build-fingerprint';

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-fingerprint-'));
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'app', 'page.tsx'), 'export default 1;');
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function build(): void {
  fs.mkdirSync(path.join(root, '.next'), { recursive: true });
  fs.writeFileSync(path.join(root, '.next', 'BUILD_ID'), 'x');
  recordBuild(root, sourceFingerprint(root));
}

describe('build fingerprint', () => {
  it('a build is stale when missing, current after recording, stale again when a source or the lock file changes', () => {
    expect(buildIsCurrent(root, sourceFingerprint(root))).toBe(false);
    build();
    expect(buildIsCurrent(root, sourceFingerprint(root))).toBe(true);
    fs.writeFileSync(path.join(root, 'app', 'page.tsx'), 'export default 2;');
    expect(buildIsCurrent(root, sourceFingerprint(root))).toBe(false);
    build();
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
    expect(buildIsCurrent(root, sourceFingerprint(root))).toBe(false);
  });

  it('unit tests beside the sources do not force a rebuild', () => {
    build();
    fs.writeFileSync(path.join(root, 'app', 'page.test.tsx'), 'test');
    expect(buildIsCurrent(root, sourceFingerprint(root))).toBe(true);
  });

  it('a new file under a source folder changes the fingerprint, so the last build is stale', () => {
    build();
    const before = sourceFingerprint(root);
    fs.mkdirSync(path.join(root, 'components'));
    fs.writeFileSync(path.join(root, 'components', 'a.tsx'), '');
    const after = sourceFingerprint(root);
    // A SHA-256 in hex.
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    expect(buildIsCurrent(root, after)).toBe(false);
  });

  it('the shared lib/ folder and the root modules Next.js loads by convention are inputs of the build', () => {
    for (const [dir, file] of [
      ['lib', 'retry.ts'],
      ['', 'instrumentation.ts'],
      ['', 'proxy.ts'],
    ]) {
      build();
      fs.mkdirSync(path.join(root, dir), { recursive: true });
      fs.writeFileSync(path.join(root, dir, file), `export const changed = '${file}';`);
      expect({ file, current: buildIsCurrent(root, sourceFingerprint(root)) }).toEqual({ file, current: false });
    }
  });
});
