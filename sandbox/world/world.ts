/**
 * The simulated cluster's heart: one store, one clock, one seeded random
 * source, and timers in simulated time that the controllers run on.
 *
 * In `realtime` mode the clock follows the wall clock times `speed`; in
 * `manual` mode (tests) time moves only through `advance`, so a given seed
 * always produces the same cluster.
 */
import { Store } from '../kube/store';
import { EventRecorder } from './events';
import { ContainerLogs } from './logs';

export interface Controller {
  readonly name: string;
  /** Called once when the world starts; subscribe to the store and set timers here. */
  start(world: World): void;
}

/** CPU and memory in use, as metrics.k8s.io reports them. */
export interface ContainerUsage {
  name: string;
  /** CPU in nanocores. */
  cpu: number;
  /** Memory working set in bytes. */
  memory: number;
}

export interface MetricsSource {
  /** Current usage of a running pod's containers; undefined for pods with no metrics yet. */
  podUsage(namespace: string, name: string): ContainerUsage[] | undefined;
  /** Current usage of a node; undefined for unknown or NotReady nodes. */
  nodeUsage(name: string): { cpu: number; memory: number } | undefined;
  /** The window the usage was averaged over, in seconds (metrics-server reports 10s-30s). */
  readonly windowSeconds: number;
}

export interface WorldOptions {
  seed?: number;
  /** `realtime` follows the wall clock; `manual` moves only when advanced. */
  mode?: 'realtime' | 'manual';
  /** Simulated seconds per real second in realtime mode. */
  speed?: number;
  /** Start time of the simulated clock; defaults to now (realtime) or 2026-01-01T00:00:00Z (manual). */
  start?: Date;
  /** How long, in simulated time, a watch can resume from a resourceVersion (the store's default when omitted). */
  watchWindowMs?: number;
}

interface Timer {
  at: number;
  seq: number;
  run: () => void;
  every?: number;
  cancelled?: boolean;
}

export class World {
  readonly store: Store;
  readonly logs: ContainerLogs;
  readonly events: EventRecorder;
  readonly random: () => number;
  readonly mode: 'realtime' | 'manual';
  readonly speed: number;
  /** Filled in by the metrics/load model controller. */
  metrics: MetricsSource = { podUsage: () => undefined, nodeUsage: () => undefined, windowSeconds: 15 };

  private simNow: number;
  private readonly realStart = Date.now();
  /** How far `advance` has moved a realtime clock ahead of where the wall clock alone would put it. */
  private skipped = 0;
  /** Where the simulated clock started. */
  readonly simStart: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private loop?: NodeJS.Timeout;
  private readonly controllers: Controller[] = [];
  private running = false;

  constructor(options: WorldOptions = {}) {
    this.mode = options.mode ?? 'realtime';
    this.speed = options.speed ?? 1;
    this.simStart = (options.start ?? (this.mode === 'manual' ? new Date('2026-01-01T00:00:00Z') : new Date())).getTime();
    this.simNow = this.simStart;
    this.random = mulberry32(options.seed ?? 1);
    const uidRandom = mulberry32((options.seed ?? 1) ^ 0x9e3779b9);
    this.store = new Store({ now: () => this.now(), uid: () => uuidFrom(uidRandom), random: this.random, watchWindowMs: options.watchWindowMs });
    this.logs = new ContainerLogs(() => this.now());
    this.events = new EventRecorder(this);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    if (this.mode === 'realtime' && !this.inTimer) this.simNow = Math.max(this.simNow, this.realtimeTarget());
    return this.simNow;
  }

  private inTimer = false;

  /** Runs `fn` after `ms` of simulated time. */
  after(ms: number, fn: () => void): () => void {
    const t: Timer = { at: this.simNow + Math.max(0, ms), seq: this.seq++, run: fn };
    this.push(t);
    return () => (t.cancelled = true);
  }

  /** Runs `fn` every `ms` of simulated time, first after `ms` (or `firstAfter`). */
  every(ms: number, fn: () => void, firstAfter = ms): () => void {
    const t: Timer = { at: this.simNow + firstAfter, seq: this.seq++, run: fn, every: ms };
    this.push(t);
    return () => (t.cancelled = true);
  }

  add(...controllers: Controller[]): this {
    for (const c of controllers) {
      this.controllers.push(c);
      if (this.running) c.start(this);
    }
    return this;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    for (const c of this.controllers) c.start(this);
    if (this.mode === 'realtime') {
      this.loop = setInterval(() => this.runUntil(this.realtimeTarget()), 50);
      this.loop.unref();
    }
    return this;
  }

  stop(): void {
    if (this.loop) clearInterval(this.loop);
    this.loop = undefined;
  }

  /** Moves simulated time forward by `ms`, running every timer due on the way; a realtime clock then runs on from there. */
  advance(ms: number): void {
    if (this.mode === 'manual') return this.runUntil(this.simNow + ms);
    this.skipped += Math.max(0, ms);
    this.runUntil(this.realtimeTarget());
  }

  private realtimeTarget(): number {
    return this.simStart + (Date.now() - this.realStart) * this.speed + this.skipped;
  }

  private runUntil(target: number): void {
    while (this.timers.length > 0 && this.timers[0].at <= target) {
      const t = this.pop()!;
      if (t.cancelled) continue;
      this.simNow = Math.max(this.simNow, t.at);
      this.inTimer = true;
      try {
        t.run();
      } catch (err) {
        console.error(`sandbox: timer failed: ${(err as Error).stack ?? err}`);
      } finally {
        this.inTimer = false;
      }
      if (t.every && !t.cancelled) {
        t.at += t.every;
        t.seq = this.seq++;
        this.push(t);
      }
    }
    this.simNow = Math.max(this.simNow, target);
  }

  // A binary heap ordered by (at, seq) keeps timers deterministic.
  private push(t: Timer) {
    const h = this.timers;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.timers;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uid for an object the sandbox adds beside the scenario's own (slices, revisions, leases, volumes),
 * taken from its identity so the seeded uid sequence, and everything drawn from it, stays as it was.
 */
export function derivedUid(identity: string): string {
  let h = 2166136261;
  for (let i = 0; i < identity.length; i++) h = Math.imul(h ^ identity.charCodeAt(i), 16777619);
  return uuidFrom(mulberry32(h >>> 0));
}

function uuidFrom(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}
