/**
 * A small shell inside a simulated container, for exec and attach: the
 * commands people type when they look inside a pod (ls, cat, env, ps,
 * hostname, echo, exit N, and a few filters to pipe into), over the
 * container's own files, environment and processes. It speaks as the image's
 * shell does: dash or busybox ash for `sh`, bash for `bash`.
 */

export interface ContainerUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface ContainerProcess {
  pid: number;
  user: string;
  command: string;
}

/** What a shell in the container can see. */
export interface ContainerSystem {
  hostname: string;
  /** The process environment, in the order `env` prints it. */
  env: [string, string][];
  /** Absolute paths of regular files and their contents; directories are implied by the paths. */
  files: Map<string, string>;
  processes: ContainerProcess[];
  /** Executables on PATH, by name. */
  commands: Set<string>;
  /** Which program `sh` is: Debian's dash, or busybox's ash. */
  sh: 'dash' | 'ash';
  user: ContainerUser;
  workdir: string;
  /** `uname -a` */
  kernel: string;
  /** The container's own HTTP answers, for `curl`/`wget` to localhost. */
  http?: (path: string) => { status: number; body: string } | undefined;
}

export type ShellName = 'sh' | 'bash';
type Stream = 'stdout' | 'stderr';

export interface ShellOutput {
  (stream: Stream, text: string): void;
}

interface Result {
  code: number;
  exit?: boolean;
}

/** Splits a command line into words: quotes group, `$VAR`, `${VAR}` and `$?` expand outside single quotes. */
export function splitWords(line: string, lookup: (name: string) => string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      else cur += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length && quote !== '"') {
      cur += line[++i];
      inWord = true;
      continue;
    }
    if (ch === '$') {
      const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*|\?))/.exec(line.slice(i));
      if (m) {
        cur += lookup(m[1] ?? m[2]);
        inWord = true;
        i += m[0].length - 1;
        continue;
      }
    }
    if (quote === '"') {
      if (ch === '"') quote = '';
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

interface Statement {
  /** How it joins the previous statement. */
  join: ';' | '&&' | '||';
  /** Pipeline stages, raw text. */
  stages: string[];
}

/** Splits a script on `;`, newlines, `&&`, `||` and `|`, outside quotes. */
export function parseScript(script: string): Statement[] {
  const out: Statement[] = [];
  let stages: string[] = [];
  let cur = '';
  let quote = '';
  let join: Statement['join'] = ';';
  const endStage = () => {
    stages.push(cur.trim());
    cur = '';
  };
  const endStatement = (next: Statement['join']) => {
    endStage();
    if (stages.some((s) => s)) out.push({ join, stages });
    stages = [];
    join = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(script[i - 1]))) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === ';' || ch === '\n') endStatement(';');
    else if (ch === '&' && script[i + 1] === '&') {
      i++;
      endStatement('&&');
    } else if (ch === '|' && script[i + 1] === '|') {
      i++;
      endStatement('||');
    } else if (ch === '|') endStage();
    else cur += ch;
  }
  endStatement(';');
  return out;
}

function normalize(path: string, cwd: string, home: string): string {
  const absolute = path === '~' || path.startsWith('~/') ? home + path.slice(1) : path.startsWith('/') ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Takes `>&2`, `2>&1` and `>/dev/null`-style redirections off a command's words: where each stream goes, or nowhere. */
function redirections(words: string[]): { argv: string[]; route: (stream: Stream) => Stream | undefined } {
  const target: Record<Stream, Stream | undefined> = { stdout: 'stdout', stderr: 'stderr' };
  const argv: string[] = [];
  for (const word of words) {
    const m = /^([12]?)>(&[12]|\/dev\/null)$/.exec(word);
    if (!m) {
      argv.push(word);
      continue;
    }
    const from: Stream = m[1] === '2' ? 'stderr' : 'stdout';
    target[from] = m[2] === '/dev/null' ? undefined : m[2] === '&2' ? target.stderr : target.stdout;
  }
  return { argv, route: (stream) => target[stream] };
}

/** A shell process: feed it lines, it writes what it prints; `exited` is set once it has exited. */
export class Shell {
  readonly name: ShellName;
  private cwd: string;
  private status = 0;
  private readonly vars = new Map<string, string>();
  exited: number | undefined;

  constructor(
    private readonly system: ContainerSystem,
    name: ShellName,
    private readonly out: ShellOutput,
  ) {
    this.name = name;
    this.cwd = system.workdir;
    for (const [k, v] of system.env) this.vars.set(k, v);
  }

  /** The interactive prompt: bash's `user@host:dir# `, dash's and ash's `# ` or `$ `. */
  prompt(): string {
    const mark = this.system.user.uid === 0 ? '#' : '$';
    if (this.name !== 'bash') return `${mark} `;
    const dir = this.cwd === this.system.user.home ? '~' : this.cwd;
    return `${this.system.user.name}@${this.system.hostname}:${dir}${mark} `;
  }

  /** Runs one line of input (a script of one or more statements). */
  run(script: string, lineNumber = 1): void {
    if (this.exited !== undefined) return;
    let last = this.status;
    for (const statement of parseScript(script)) {
      if (statement.join === '&&' && last !== 0) continue;
      if (statement.join === '||' && last === 0) continue;
      const result = this.pipeline(statement.stages, lineNumber);
      last = result.code;
      this.status = last;
      if (result.exit) {
        this.exited = last;
        return;
      }
    }
  }

  /** Runs one program with its arguments, as exec starts it: no shell parses them. */
  exec(argv: string[]): void {
    const result = this.command(argv, '', this.out, 1);
    this.status = result.code;
    this.exited = result.code;
  }

  /** End of input: the shell exits with the status of the last command. */
  endOfInput(): void {
    if (this.exited === undefined) this.exited = this.status;
  }

  private pipeline(stages: string[], lineNumber: number): Result {
    let input = '';
    let result: Result = { code: 0 };
    for (let i = 0; i < stages.length; i++) {
      const last = i === stages.length - 1;
      let captured = '';
      const write: ShellOutput = (stream, text) => {
        if (stream === 'stdout' && !last) captured += text;
        else this.out(stream, text);
      };
      const words = splitWords(stages[i], (name) => (name === '?' ? String(this.status) : (this.vars.get(name) ?? '')));
      const { argv, route } = redirections(words);
      result = this.command(
        argv,
        input,
        (stream, text) => {
          const to = route(stream);
          if (to) write(to, text);
        },
        lineNumber,
      );
      input = captured;
      if (result.exit) return result;
    }
    return result;
  }

  private notFound(command: string, lineNumber: number, write: ShellOutput): Result {
    if (this.name === 'bash') write('stderr', `bash: ${command}: command not found\n`);
    else if (this.system.sh === 'dash') write('stderr', `sh: ${lineNumber}: ${command}: not found\n`);
    else write('stderr', `sh: ${command}: not found\n`);
    return { code: 127 };
  }

  private file(path: string): string | undefined {
    return this.system.files.get(normalize(path, this.cwd, this.system.user.home));
  }

  private isDir(path: string): boolean {
    const abs = normalize(path, this.cwd, this.system.user.home);
    if (abs === '/') return true;
    for (const file of this.system.files.keys()) if (file.startsWith(`${abs}/`)) return true;
    return false;
  }

  private entries(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const file of this.system.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      names.add(file.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  private command(argv: string[], stdin: string, write: ShellOutput, lineNumber: number): Result {
    if (argv.length === 0) return { code: 0 };
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(argv[0]);
    if (assignment && argv.length === 1) {
      this.vars.set(assignment[1], assignment[2]);
      return { code: 0 };
    }
    const [name, ...args] = argv;
    const base = name.split('/').pop() ?? name;
    switch (base) {
      case 'exit': {
        const code = args[0] === undefined ? this.status : Number(args[0]);
        if (!Number.isInteger(code)) {
          write('stderr', this.name === 'bash' ? `bash: exit: ${args[0]}: numeric argument required\n` : `sh: ${lineNumber}: exit: Illegal number: ${args[0]}\n`);
          return { code: 2, exit: true };
        }
        return { code: ((code % 256) + 256) % 256, exit: true };
      }
      case 'cd': {
        const target = normalize(args[0] ?? this.system.user.home, this.cwd, this.system.user.home);
        if (!this.isDir(target)) {
          const shown = args[0] ?? target;
          write('stderr', this.name === 'bash' ? `bash: cd: ${shown}: No such file or directory\n` : `sh: ${lineNumber}: cd: can't cd to ${shown}\n`);
          return { code: this.name === 'bash' ? 1 : 2 };
        }
        this.cwd = target;
        return { code: 0 };
      }
      case 'pwd':
        write('stdout', `${this.cwd}\n`);
        return { code: 0 };
      case 'echo':
        if (args[0] === '-n') {
          write('stdout', args.slice(1).join(' '));
          return { code: 0 };
        }
        write('stdout', `${args.join(' ')}\n`);
        return { code: 0 };
      case 'true':
      case ':':
        return { code: 0 };
      case 'false':
        return { code: 1 };
      case 'export':
        for (const arg of args) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(arg);
          if (m) this.vars.set(m[1], m[2]);
        }
        return { code: 0 };
    }
    if (!this.system.commands.has(base) && !(name.startsWith('/') && this.system.files.has(name))) return this.notFound(name, lineNumber, write);
    return this.program(base, args, stdin, write, lineNumber);
  }

  private program(name: string, args: string[], stdin: string, write: ShellOutput, lineNumber: number): Result {
    const sys = this.system;
    switch (name) {
      case 'sh':
      case 'bash':
      case 'ash': {
        if (args[0] !== '-c' || args[1] === undefined) return { code: 0 };
        const child = new Shell(sys, name === 'bash' ? 'bash' : 'sh', write);
        child.cwd = this.cwd;
        child.run(args[1]);
        child.endOfInput();
        return { code: child.exited ?? 0 };
      }
      case 'hostname':
        write('stdout', `${sys.hostname}\n`);
        return { code: 0 };
      case 'whoami':
        write('stdout', `${sys.user.name}\n`);
        return { code: 0 };
      case 'id':
        write('stdout', `uid=${sys.user.uid}(${sys.user.name}) gid=${sys.user.gid}(${sys.user.name}) groups=${sys.user.gid}(${sys.user.name})\n`);
        return { code: 0 };
      case 'uname':
        write('stdout', args.includes('-a') ? `${sys.kernel}\n` : 'Linux\n');
        return { code: 0 };
      case 'env':
      case 'printenv': {
        if (name === 'printenv' && args.length > 0) {
          const values = args.map((a) => this.vars.get(a));
          for (const v of values) if (v !== undefined) write('stdout', `${v}\n`);
          return { code: values.every((v) => v !== undefined) ? 0 : 1 };
        }
        const exported = sys.env.map(([k]) => k);
        for (const k of exported) write('stdout', `${k}=${this.vars.get(k) ?? ''}\n`);
        return { code: 0 };
      }
      case 'date':
        write('stdout', `${new Date().toUTCString().replace('GMT', 'UTC')}\n`);
        return { code: 0 };
      case 'ls':
        return this.ls(args, write);
      case 'cat': {
        if (args.length === 0) {
          write('stdout', stdin);
          return { code: 0 };
        }
        let code = 0;
        for (const arg of args) {
          const content = this.file(arg);
          if (content !== undefined) write('stdout', content);
          else {
            write('stderr', `cat: ${arg}: ${this.isDir(arg) ? 'Is a directory' : 'No such file or directory'}\n`);
            code = 1;
          }
        }
        return { code };
      }
      case 'ps': {
        const rows = sys.processes.map((p) => ({ ...p }));
        const self = Math.max(...rows.map((p) => p.pid)) + 1;
        rows.push({ pid: self, user: sys.user.name, command: this.name === 'bash' ? 'bash' : '/bin/sh' }, { pid: self + 1, user: sys.user.name, command: `ps ${args.join(' ')}`.trim() });
        if (sys.sh === 'ash') write('stdout', `PID   USER     TIME  COMMAND\n${rows.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.command}`).join('\n')}\n`);
        else write('stdout', `    PID TTY          TIME CMD\n${rows.map((p) => `${String(p.pid).padStart(7)} ?        00:00:00 ${p.command.split(' ')[0].split('/').pop()}`).join('\n')}\n`);
        return { code: 0 };
      }
      case 'grep': {
        const flags = args.filter((a) => a.startsWith('-'));
        const [pattern, ...files] = args.filter((a) => !a.startsWith('-'));
        if (pattern === undefined) {
          write('stderr', 'Usage: grep [OPTION]... PATTERNS [FILE]...\n');
          return { code: 2 };
        }
        const text = files.length > 0 ? files.map((f) => this.file(f) ?? '').join('') : stdin;
        const ignoreCase = flags.some((f) => f.includes('i'));
        const invert = flags.some((f) => f.includes('v'));
        const needle = ignoreCase ? pattern.toLowerCase() : pattern;
        const lines = text.split('\n').filter((l, i, all) => (i < all.length - 1 || l) && (ignoreCase ? l.toLowerCase() : l).includes(needle) !== invert);
        if (lines.length > 0) write('stdout', `${lines.join('\n')}\n`);
        return { code: lines.length > 0 ? 0 : 1 };
      }
      case 'head':
      case 'tail': {
        const n = Number(args.find((a) => /^-\d+$/.test(a))?.slice(1) ?? args[args.indexOf('-n') + 1] ?? 10) || 10;
        const file = args.find((a) => !a.startsWith('-') && !/^\d+$/.test(a));
        const text = file ? (this.file(file) ?? '') : stdin;
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        const picked = name === 'head' ? lines.slice(0, n) : lines.slice(-n);
        if (picked.length > 0) write('stdout', `${picked.join('\n')}\n`);
        return { code: 0 };
      }
      case 'wc': {
        const text = args.find((a) => !a.startsWith('-')) ? (this.file(args.find((a) => !a.startsWith('-'))!) ?? '') : stdin;
        const lines = (text.match(/\n/g) ?? []).length;
        write('stdout', `${args.includes('-l') ? lines : `${lines} ${text.split(/\s+/).filter(Boolean).length} ${Buffer.byteLength(text)}`}\n`);
        return { code: 0 };
      }
      case 'sort': {
        const lines = stdin.split('\n').filter(Boolean).sort();
        if (lines.length > 0) write('stdout', `${lines.join('\n')}\n`);
        return { code: 0 };
      }
      case 'curl':
      case 'wget':
        return this.fetch(name, args, write);
      case 'sleep':
        return { code: 0 };
      default:
        return this.notFound(name, lineNumber, write);
    }
  }

  private ls(args: string[], write: ShellOutput): Result {
    const long = args.some((a) => /^-[a-zA-Z]*l/.test(a));
    const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
    const paths = args.filter((a) => !a.startsWith('-'));
    let code = 0;
    const targets = paths.length > 0 ? paths : ['.'];
    targets.forEach((path, index) => {
      const abs = normalize(path, this.cwd, this.system.user.home);
      const file = this.system.files.get(abs);
      if (file !== undefined) {
        write('stdout', long ? `${this.longEntry(abs, false)}\n` : `${path}\n`);
        return;
      }
      if (!this.isDir(abs)) {
        write('stderr', `ls: cannot access '${path}': No such file or directory\n`);
        code = 2;
        return;
      }
      const names = this.entries(abs);
      if (targets.length > 1) write('stdout', `${index > 0 ? '\n' : ''}${path}:\n`);
      const shown = all ? ['.', '..', ...names] : names;
      if (long) {
        write('stdout', `total ${names.length * 4}\n`);
        for (const n of shown) write('stdout', `${this.longEntry(n === '.' || n === '..' ? normalize(n, abs, '/') : `${abs === '/' ? '' : abs}/${n}`, n === '.' || n === '..', n)}\n`);
      } else if (shown.length > 0) write('stdout', `${shown.join('  ')}\n`);
    });
    return { code };
  }

  private longEntry(abs: string, isDot: boolean, shownName?: string): string {
    const content = this.system.files.get(abs);
    const dir = isDot || content === undefined;
    const owner = abs.startsWith(this.system.user.home) || abs.startsWith(this.system.workdir) ? this.system.user.name : 'root';
    const size = dir ? 4096 : Buffer.byteLength(content);
    const name = shownName ?? abs.split('/').pop();
    return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'} 1 ${owner.padEnd(8)} ${owner.padEnd(8)} ${String(size).padStart(6)} Dec  1 09:00 ${name}`;
  }

  private fetch(name: string, args: string[], write: ShellOutput): Result {
    const target = args.find((a) => !a.startsWith('-') && a !== '-');
    const url = target && /^https?:\/\//.test(target) ? target : `http://${target ?? ''}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      write('stderr', name === 'curl' ? `curl: (3) URL using bad/illegal format or missing URL\n` : `wget: bad address '${target ?? ''}'\n`);
      return { code: name === 'curl' ? 3 : 1 };
    }
    const local = ['localhost', '127.0.0.1', this.system.hostname].includes(parsed.hostname);
    const answer = local ? this.system.http?.(parsed.pathname + parsed.search) : undefined;
    if (!answer) {
      const port = parsed.port || '80';
      write(
        'stderr',
        name === 'curl'
          ? `curl: (7) Failed to connect to ${parsed.hostname} port ${port} after 0 ms: Couldn't connect to server\n`
          : `wget: can't connect to remote host (${parsed.hostname}): Connection refused\n`,
      );
      return { code: name === 'curl' ? 7 : 1 };
    }
    write('stdout', answer.body.endsWith('\n') ? answer.body : `${answer.body}\n`);
    return { code: 0 };
  }
}
