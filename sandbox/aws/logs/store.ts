/**
 * CloudWatch Logs' storage in the sandbox: log groups, their streams and
 * events, with retention and memory caps, and pointers (@ptr) to events.
 */
import { SANDBOX_ACCOUNT_ID, SANDBOX_REGION } from '../server';

export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
}

export class LogStream {
  readonly timestamps: number[] = [];
  readonly ingestionTimes: number[] = [];
  readonly messages: string[] = [];
  /** Sequence number of `messages[0]`: events trimmed away so far. */
  dropped = 0;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes = 0;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly creationTime: number,
  ) {}

  get length(): number {
    return this.messages.length;
  }

  /** Sequence number after the last event: events [dropped, end) are stored. */
  get end(): number {
    return this.dropped + this.messages.length;
  }

  /** Drops the first `n` events. */
  trimFront(n: number): number {
    if (n <= 0) return 0;
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += eventBytes(this.messages[i]);
    this.timestamps.splice(0, n);
    this.ingestionTimes.splice(0, n);
    this.messages.splice(0, n);
    this.dropped += n;
    this.storedBytes -= bytes;
    return bytes;
  }
}

export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
  unit?: string;
}

export interface MetricFilter {
  filterName: string;
  filterPattern: string;
  metricTransformations: MetricTransformation[];
  creationTime: number;
  logGroupName: string;
}

export class LogGroup {
  readonly streams = new Map<string, LogStream>();
  retentionInDays?: number;
  storedBytes = 0;
  readonly metricFilters = new Map<string, MetricFilter>();

  constructor(
    readonly id: number,
    readonly name: string,
    readonly creationTime: number,
  ) {}

  get arn(): string {
    return `arn:aws:logs:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:log-group:${this.name}`;
  }

  /** Events older than this are gone (retention); -Infinity without a retention policy. */
  cutoff(now: number): number {
    return this.retentionInDays === undefined ? -Infinity : now - this.retentionInDays * 86_400_000;
  }
}

/** Bytes an event counts for in storedBytes: its UTF-8 message plus the 26 bytes of overhead PutLogEvents counts. */
export function eventBytes(message: string): number {
  return Buffer.byteLength(message, 'utf8') + 26;
}

export interface LogStoreOptions {
  now: () => number;
  /** Events kept per stream; the oldest go first. */
  maxStreamEvents?: number;
  /** Bytes kept per group; past it the oldest events of the group go. */
  maxGroupBytes?: number;
}

export type IngestListener = (group: LogGroup, stream: LogStream, events: StoredEvent[]) => void;

/** Retention days PutRetentionPolicy accepts. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  private readonly byId = new Map<number, LogGroup>();
  private nextId = 1;
  private readonly listeners = new Set<IngestListener>();
  readonly now: () => number;
  private readonly maxStreamEvents: number;
  private readonly maxGroupBytes: number;

  constructor(options: LogStoreOptions) {
    this.now = options.now;
    this.maxStreamEvents = options.maxStreamEvents ?? 20_000;
    this.maxGroupBytes = options.maxGroupBytes ?? 48 * 1024 * 1024;
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name);
  }

  groupById(id: number): LogGroup | undefined {
    return this.byId.get(id);
  }

  createGroup(name: string): LogGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = new LogGroup(this.nextId++, name, this.now());
      this.groups.set(name, g);
      this.byId.set(g.id, g);
    }
    return g;
  }

  deleteGroup(name: string): boolean {
    const g = this.groups.get(name);
    if (!g) return false;
    this.groups.delete(name);
    this.byId.delete(g.id);
    return true;
  }

  createStream(group: LogGroup, name: string): LogStream {
    let s = group.streams.get(name);
    if (!s) {
      s = new LogStream(this.nextId++, name, this.now());
      group.streams.set(name, s);
    }
    return s;
  }

  onIngest(listener: IngestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends events to a stream (created on first use), as PutLogEvents would. */
  put(groupName: string, streamName: string, events: { timestamp: number; message: string }[]): void {
    if (events.length === 0) return;
    const group = this.createGroup(groupName);
    const stream = this.createStream(group, streamName);
    const ingestionTime = this.now();
    const stored: StoredEvent[] = [];
    for (const e of events) {
      const bytes = eventBytes(e.message);
      stream.timestamps.push(e.timestamp);
      stream.ingestionTimes.push(ingestionTime);
      stream.messages.push(e.message);
      stream.storedBytes += bytes;
      group.storedBytes += bytes;
      if (stream.firstEventTimestamp === undefined || e.timestamp < stream.firstEventTimestamp) stream.firstEventTimestamp = e.timestamp;
      if (stream.lastEventTimestamp === undefined || e.timestamp > stream.lastEventTimestamp) stream.lastEventTimestamp = e.timestamp;
      stored.push({ timestamp: e.timestamp, ingestionTime, message: e.message });
    }
    stream.lastIngestionTime = ingestionTime;
    if (stream.length > this.maxStreamEvents * 1.25) group.storedBytes -= stream.trimFront(stream.length - this.maxStreamEvents);
    if (group.storedBytes > this.maxGroupBytes) this.shrink(group);
    for (const l of this.listeners) l(group, stream, stored);
  }

  /** Drops the group's oldest events until it is back under its byte cap. */
  private shrink(group: LogGroup): void {
    const target = this.maxGroupBytes * 0.8;
    let oldest = Infinity;
    for (const s of group.streams.values()) if (s.length > 0) oldest = Math.min(oldest, s.timestamps[0]);
    const newest = this.now();
    // Halve the kept window until the group fits.
    let cutoff = oldest;
    while (group.storedBytes > target && cutoff < newest) {
      cutoff = cutoff + Math.max(1, (newest - cutoff) / 2);
      this.dropBefore(group, cutoff);
    }
  }

  private dropBefore(group: LogGroup, cutoff: number): void {
    for (const [name, s] of group.streams) {
      let n = 0;
      while (n < s.length && s.timestamps[n] < cutoff) n++;
      group.storedBytes -= s.trimFront(n);
      if (s.length === 0 && (s.lastIngestionTime ?? s.creationTime) < cutoff) group.streams.delete(name);
    }
  }

  /** Applies every group's retention: events older than it are removed. */
  expire(): void {
    const now = this.now();
    for (const g of this.groups.values()) {
      const cutoff = g.cutoff(now);
      if (cutoff !== -Infinity) this.dropBefore(g, cutoff);
    }
  }

  /** The event a pointer names, if it is still stored and within retention. */
  resolve(ptr: string): { group: LogGroup; stream: LogStream; index: number } | undefined {
    let text: string;
    try {
      text = atob(ptr);
    } catch {
      return undefined;
    }
    const m = /^g(\d+)s(\d+)e(\d+)$/.exec(text);
    if (!m) return undefined;
    const group = this.byId.get(Number(m[1]));
    if (!group) return undefined;
    const sid = Number(m[2]);
    const stream = [...group.streams.values()].find((s) => s.id === sid);
    if (!stream) return undefined;
    const index = Number(m[3]) - stream.dropped;
    if (index < 0 || index >= stream.length || stream.timestamps[index] < group.cutoff(this.now())) return undefined;
    return { group, stream, index };
  }
}

/** The @ptr of an event: its group, stream and sequence number. */
export function pointer(group: LogGroup, stream: LogStream, seq: number): string {
  return btoa(`g${group.id}s${stream.id}e${seq}`);
}
