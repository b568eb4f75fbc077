import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allOnPath, findClient, needing, onPath } from './clients';

describe('finding a real client for conformance tests', () => {
  let root: string;
  let searchPath: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-clients-'));
    const [first, second, third, fourth] = ['first', 'second', 'third', 'fourth'].map((d) => path.join(root, d));
    for (const d of [first, second, third, fourth]) fs.mkdirSync(d);
    // Earlier on PATH: a directory and a file that is not executable, both named like the client.
    fs.mkdirSync(path.join(first, 'kubectl'));
    fs.writeFileSync(path.join(second, 'kubectl'), '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    fs.writeFileSync(path.join(third, 'kubectl'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    // A shim that is on PATH but fails, as pyenv's does for a tool no Python version provides.
    fs.writeFileSync(path.join(third, 'aws'), '#!/bin/sh\necho "pyenv: aws: command not found" >&2\nexit 127\n', { mode: 0o755 });
    // Three python3 on PATH, as on a machine with pyenv and Debian's Python: a shim that fails,
    // a Python without the module (its import fails with 1), and one that has it.
    fs.writeFileSync(path.join(first, 'python3'), '#!/bin/sh\necho "pyenv: python3: command not found" >&2\nexit 127\n', { mode: 0o755 });
    fs.writeFileSync(path.join(second, 'python3'), '#!/bin/sh\necho "ModuleNotFoundError: No module named \'kubernetes\'" >&2\nexit 1\n', { mode: 0o755 });
    fs.writeFileSync(path.join(third, 'python3'), '#!/bin/sh\n[ "$2" = "import kubernetes" ] && exit 0\nexit 1\n', { mode: 0o755 });
    fs.symlinkSync(path.join(third, 'python3'), path.join(fourth, 'python3'));
    searchPath = [first, second, third, fourth].join(path.delimiter);
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

  it('is the first of several on PATH whose probe exits 0, past a failing shim and one without the module', () => {
    expect(findClient('python3', ['-c', 'import kubernetes'], 'unused', searchPath)).toEqual({ command: path.join(root, 'third', 'python3') });
  });

  it('lists every executable of that name on PATH in order, a link to one already listed once', () => {
    expect(allOnPath('python3', searchPath)).toEqual(['first', 'second', 'third'].map((d) => path.join(root, d, 'python3')));
  });

  it('is missing, with the reason given, when every one on PATH fails its probe', () => {
    expect(findClient('python3', ['-c', 'import yaml'], 'no python3 on PATH has yaml', searchPath)).toEqual({ missing: 'no python3 on PATH has yaml' });
  });

  it('is missing when no directory on PATH has it, and says so', () => {
    expect(findClient('node-that-is-not-here', ['--version'], 'unused', searchPath)).toEqual({ missing: 'node-that-is-not-here not found on PATH' });
  });

  it('names the reason in the title of tests that skip without it, and leaves the title alone with it', () => {
    expect(needing({ missing: 'kubectl not found on PATH' }, 'kubectl against the sandbox')).toBe('kubectl against the sandbox (skipped: kubectl not found on PATH)');
    expect(needing({ command: '/usr/bin/kubectl' }, 'kubectl against the sandbox')).toBe('kubectl against the sandbox');
  });
});
