/**
 * A shell reading its standard input, with or without a terminal. With one
 * (exec -t), the terminal's line discipline is ours to play: it echoes what
 * is typed, erases on backspace, interrupts on Ctrl-C, ends on Ctrl-D at an
 * empty line, turns "\n" into "\r\n", and everything goes to stdout; the
 * shell prints its prompt. Without one, lines are read as they arrive and
 * nothing is echoed or prompted, as `sh` does reading a pipe.
 */
import { Shell, type ContainerSystem, type ShellName } from './shell';

export type StreamName = 'stdout' | 'stderr';

export interface SessionOptions {
  tty: boolean;
  write(stream: StreamName, text: string): void;
  exit(code: number): void;
}

export class ShellSession {
  private readonly shell: Shell;
  private line = '';
  private lineNumber = 0;
  private ended = false;
  /** Inside an escape sequence the terminal sent (arrows, function keys): skipped. */
  private escape: '' | 'esc' | 'csi' = '';

  constructor(
    system: ContainerSystem,
    name: ShellName,
    private readonly options: SessionOptions,
  ) {
    this.shell = new Shell(system, name, (stream, text) => this.print(stream, text));
  }

  start(): void {
    if (this.options.tty) this.options.write('stdout', this.shell.prompt());
  }

  input(data: string): void {
    if (this.ended) return;
    if (!this.options.tty) {
      this.line += data;
      let newline: number;
      while ((newline = this.line.indexOf('\n')) >= 0 && !this.ended) {
        const line = this.line.slice(0, newline);
        this.line = this.line.slice(newline + 1);
        this.execute(line);
      }
      return;
    }
    for (const ch of data) {
      if (this.ended) return;
      if (this.escape === 'esc') {
        this.escape = ch === '[' || ch === 'O' ? 'csi' : '';
        continue;
      }
      if (this.escape === 'csi') {
        if (/[@-~]/.test(ch)) this.escape = '';
        continue;
      }
      switch (ch) {
        case '\x1b':
          this.escape = 'esc';
          break;
        case '\r':
        case '\n':
          this.options.write('stdout', '\r\n');
          this.execute(this.line);
          this.line = '';
          if (!this.ended) this.options.write('stdout', this.shell.prompt());
          break;
        case '\x7f':
        case '\b':
          if (this.line) {
            this.line = [...this.line].slice(0, -1).join('');
            this.options.write('stdout', '\b \b');
          }
          break;
        case '\x03':
          this.line = '';
          this.options.write('stdout', `^C\r\n${this.shell.prompt()}`);
          break;
        case '\x04':
          if (!this.line) {
            if (this.shell.name === 'bash') this.options.write('stdout', 'exit\r\n');
            this.finish();
          }
          break;
        case '\t':
          break;
        default:
          if (ch >= ' ') {
            this.line += ch;
            this.options.write('stdout', ch);
          }
      }
    }
  }

  /** Standard input is closed: what is left of the line runs, then the shell exits. */
  endOfInput(): void {
    if (this.ended) return;
    if (!this.options.tty && this.line) this.execute(this.line);
    this.finish();
  }

  private execute(line: string): void {
    this.lineNumber++;
    this.shell.run(line, this.lineNumber);
    if (this.shell.exited !== undefined) this.finish();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.shell.endOfInput();
    this.options.exit(this.shell.exited ?? 0);
  }

  private print(stream: StreamName, text: string): void {
    if (this.options.tty) this.options.write('stdout', text.replace(/\r?\n/g, '\r\n'));
    else this.options.write(stream, text);
  }
}
