/**
 * The simulated shell against what dash, bash and busybox ash print (their manuals and source: dash's
 * "sh: LINE: CMD: not found", bash's "bash: CMD: command not found", POSIX's 127 for a command not found
 * and `exit N` taken modulo 256).
 */
import { describe, expect, it } from 'vitest';
import { parseScript, Shell, splitWords, type ContainerSystem } from './shell';
import { ShellSession } from './terminal';

function system(overrides: Partial<ContainerSystem> = {}): ContainerSystem {
  return {
    hostname: 'backend-app-854b86b8f8-dxz9l',
    env: [
      ['PATH', '/usr/bin:/bin'],
      ['DB_USERNAME', 'backend'],
      ['HOME', '/home/spring'],
    ],
    files: new Map([
      ['/app/app.jar', 'PK'],
      ['/app/config/application.yml', 'server:\n  port: 8080\n'],
      ['/etc/hostname', 'backend-app-854b86b8f8-dxz9l\n'],
    ]),
    processes: [{ pid: 1, user: 'spring', command: 'java -jar /app/app.jar' }],
    commands: new Set(['sh', 'bash', 'ls', 'cat', 'env', 'hostname', 'grep', 'head', 'wc', 'ps', 'curl', 'echo', 'pwd']),
    sh: 'dash',
    user: { name: 'spring', uid: 1000, gid: 1000, home: '/home/spring' },
    workdir: '/app',
    kernel: 'Linux backend-app 6.1.115 x86_64 GNU/Linux',
    http: (path) => (path === '/health' ? { status: 200, body: '{"status":"UP"}' } : undefined),
    ...overrides,
  };
}

function run(script: string, name: 'sh' | 'bash' = 'sh', sys = system()): { stdout: string; stderr: string; exited: number | undefined } {
  let stdout = '';
  let stderr = '';
  const shell = new Shell(sys, name, (stream, text) => (stream === 'stdout' ? (stdout += text) : (stderr += text)));
  shell.run(script);
  return { stdout, stderr, exited: shell.exited };
}

describe('splitWords and parseScript', () => {
  it('groups quotes and expands variables outside single quotes', () => {
    const vars: Record<string, string> = { A: 'x y', '?': '3' };
    expect(splitWords(`echo "$A" '$A' \${A}z $? a\\ b`, (n) => vars[n] ?? '')).toEqual(['echo', 'x y', '$A', 'x yz', '3', 'a b']);
  });

  it('splits statements on ; && || and newlines, and pipelines on |, outside quotes', () => {
    expect(parseScript("a; b && c || d | e\n'f;g' # comment")).toEqual([
      { join: ';', stages: ['a'] },
      { join: ';', stages: ['b'] },
      { join: '&&', stages: ['c'] },
      { join: '||', stages: ['d', 'e'] },
      { join: ';', stages: ["'f;g'"] },
    ]);
  });
});

describe('Shell', () => {
  it('answers the commands people type in a container from its files, environment and processes', () => {
    expect(run('hostname; pwd; ls; cat config/application.yml').stdout).toBe('backend-app-854b86b8f8-dxz9l\n/app\napp.jar  config\nserver:\n  port: 8080\n');
    expect(run('env | grep DB_').stdout).toBe('DB_USERNAME=backend\n');
    expect(run('curl -s localhost:8080/health').stdout).toBe('{"status":"UP"}\n');
    expect(run('ps').stdout).toBe('    PID TTY          TIME CMD\n      1 ?        00:00:00 java\n      2 ?        00:00:00 sh\n      3 ?        00:00:00 ps\n');
  });

  it('words a missing command as dash, bash and busybox ash do, with status 127', () => {
    expect(run('true\nnosuch; echo $?')).toEqual({ stdout: '127\n', stderr: 'sh: 1: nosuch: not found\n', exited: undefined });
    expect(run('nosuch', 'bash').stderr).toBe('bash: nosuch: command not found\n');
    expect(run('nosuch', 'sh', system({ sh: 'ash' })).stderr).toBe('sh: nosuch: not found\n');
  });

  it('exits with exit N modulo 256, and runs && and || on the last status', () => {
    expect(run('false || echo fallback && exit 259')).toEqual({ stdout: 'fallback\n', stderr: '', exited: 3 });
    expect(run('cat /nope && echo never')).toEqual({ stdout: '', stderr: 'cat: /nope: No such file or directory\n', exited: undefined });
  });

  it('sends >&2 to stderr and 2>/dev/null nowhere', () => {
    expect(run('echo loud >&2; cat /nope 2>/dev/null')).toEqual({ stdout: '', stderr: 'loud\n', exited: undefined });
  });

  it('changes directory and refuses one that does not exist, in each shell’s words', () => {
    expect(run('cd /app/config; pwd; cd ..; ls').stdout).toBe('/app/config\napp.jar  config\n');
    expect(run('cd /nope').stderr).toBe("sh: 1: cd: can't cd to /nope\n");
    expect(run('cd /nope', 'bash').stderr).toBe('bash: cd: /nope: No such file or directory\n');
  });
});

describe('ShellSession', () => {
  it('plays a terminal: prompt, echo, backspace, Ctrl-C, and exit with the status', () => {
    let out = '';
    let code: number | undefined;
    const session = new ShellSession(system(), 'bash', { tty: true, write: (_, text) => (out += text), exit: (c) => (code = c) });
    session.start();
    session.input('hostnamx\x7fe\r');
    session.input('partial\x03');
    session.input('exit 3\r');
    expect(out).toBe(
      'spring@backend-app-854b86b8f8-dxz9l:/app$ hostnamx\b \be\r\nbackend-app-854b86b8f8-dxz9l\r\nspring@backend-app-854b86b8f8-dxz9l:/app$ partial^C\r\nspring@backend-app-854b86b8f8-dxz9l:/app$ exit 3\r\n',
    );
    expect(code).toBe(3);
  });

  it('reads a pipe line by line with no prompt or echo, and exits at the end of input with the last status', () => {
    const written: [string, string][] = [];
    let code: number | undefined;
    const session = new ShellSession(system(), 'sh', { tty: false, write: (stream, text) => written.push([stream, text]), exit: (c) => (code = c) });
    session.start();
    session.input('echo a\nnosu');
    session.input('ch\n');
    expect(code).toBeUndefined();
    session.endOfInput();
    expect(written).toEqual([
      ['stdout', 'a\n'],
      ['stderr', 'sh: 2: nosuch: not found\n'],
    ]);
    expect(code).toBe(127);
  });
});
