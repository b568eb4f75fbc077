import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClient, needing, onPath } from './clients';

describe('finding a real client for conformance tests', () => {
  let root: string;
  let searchPath: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-clients-'));
    const [first, second, third] = ['first', 'second', 'third'].map((d) => path.join(root, d));
    for (const d of [first, second, third]) fs.mkdirSync(d);
    // Earlier on PATH: a directory and a file that is not executable, both named like the client.
    fs.mkdirSync(path.join(first, 'kubectl'));
    fs.writeFileSync(path.join(second, 'kubectl'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    fs.writeFileSync(path.join(third, 'kubectl'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    // A shim that is on PATH but fails, as pyenv's does for a tool no Python version provides.
    fs.writeFileSync(path.join(third, 'aws'), '#!/bin/sh\necho "pyenv: aws: command not found" >&2\nexit 127\n', { mode: 0o755 });
    searchPath = [first, second, third].join(path.delimiter);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('takes the first executable file of that name on PATH, past a directory and a file that is not executable', () => {
    expect(onPath('kubectl', searchPath)).toBe(path.join(root, 'third', 'kubectl'));
  });

  it('is found when its probe exits 0', () => {
    expect(findClient('kubectl', ['version', '--client'], 'kubectl on PATH does not run', searchPath)).toEqual({ command: path.join(root, 'third', 'kubectl') });
  });

  it('is missing, with the reason given, when its probe fails', () => {
    expect(findClient('aws', ['--version'], 'aws on PATH does not run', searchPath)).toEqual({ missing: 'aws on PATH does not run' });
  });

  it('is missing when no directory on PATH has it, and says so', () => {
    expect(findClient('python3', ['-c', 'import kubernetes'], 'unused', searchPath)).toEqual({ missing: 'python3 not found on PATH' });
  });

  it('names the reason in the title of tests that skip without it, and leaves the title alone with it', () => {
    expect(needing({ missing: 'kubectl not found on PATH' }, 'kubectl against the sandbox')).toBe('kubectl against the sandbox (skipped: kubectl not found on PATH)');
    expect(needing({ command: '/usr/bin/kubectl' }, 'kubectl against the sandbox')).toBe('kubectl against the sandbox');
  });
});
