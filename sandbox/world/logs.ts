/**
 * Container output, kept per container instance the way the kubelet keeps
 * it: the current run and the previous one (for `logs --previous`).
 */

export interface LogLine {
  time: Date;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface ReadOptions {
  previous?: boolean;
  tailLines?: number;
  sinceTime?: Date;
  limitBytes?: number;
}

type Listener = (line: LogLine) => void;

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
  listeners: Set<Listener>;
}

/** Lines kept per container run; older ones are rotated away like the kubelet's 10 MiB files. */
const MAX_LINES = 5_000;

export class ContainerLogs {
  private readonly logs = new Map<string, ContainerLog>();
  /** Everything appended, for shippers such as the Fluentd model (CloudWatch Logs). */
  private readonly shippers = new Set<(ref: ContainerRef, line: LogLine) => void>();

  constructor(private readonly now: () => Date) {}

  append(ref: ContainerRef, text: string, stream: 'stdout' | 'stderr' = 'stdout', time = this.now()): void {
    const log = this.entry(ref);
    const line: LogLine = { time, stream, text };
    log.current.push(line);
    if (log.current.length > MAX_LINES * 1.2) log.current.splice(0, log.current.length - MAX_LINES);
    for (const l of log.listeners) l(line);
    for (const s of this.shippers) s(ref, line);
  }

  /** A container restarted: its output so far becomes `previous`. */
  rotate(ref: ContainerRef): void {
    const log = this.entry(ref);
    log.previous = log.current;
    log.current = [];
  }

  /** The pod is gone: forget its containers' output. */
  remove(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of this.logs.keys()) if (key.startsWith(prefix)) this.logs.delete(key);
  }

  has(ref: ContainerRef, previous = false): boolean {
    const log = this.logs.get(key(ref));
    return previous ? log?.previous !== undefined : log !== undefined;
  }

  read(ref: ContainerRef, options: ReadOptions = {}): LogLine[] {
    const log = this.logs.get(key(ref));
    let lines = (options.previous ? log?.previous : log?.current) ?? [];
    if (options.sinceTime) {
      const since = options.sinceTime.getTime();
      lines = lines.filter((l) => l.time.getTime() >= since);
    }
    if (options.tailLines !== undefined) lines = options.tailLines <= 0 ? [] : lines.slice(-options.tailLines);
    return lines;
  }

  /** Calls `listener` with each new line of the current run until the returned function is called. */
  follow(ref: ContainerRef, listener: Listener): () => void {
    const log = this.entry(ref);
    log.listeners.add(listener);
    return () => log.listeners.delete(listener);
  }

  ship(shipper: (ref: ContainerRef, line: LogLine) => void): () => void {
    this.shippers.add(shipper);
    return () => this.shippers.delete(shipper);
  }

  private entry(ref: ContainerRef): ContainerLog {
    const k = key(ref);
    let log = this.logs.get(k);
    if (!log) this.logs.set(k, (log = { current: [], listeners: new Set() }));
    return log;
  }
}

export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

function key(ref: ContainerRef): string {
  return `${ref.namespace}/${ref.pod}/${ref.container}`;
}
