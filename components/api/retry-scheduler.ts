/**
 * Asks again for every read that failed in a way a later try may fix (lib/retry.ts `isTransient`),
 * with capped exponential backoff and Retry-After, for as long as a page shows it. The query keeps
 * its error meanwhile, so the page shows what is wrong and when the next try is; a final error
 * (401, 403, 400, 404) is not asked again.
 */
import type { Query, QueryClient } from '@tanstack/react-query';
import { isTransient, retryDelayMs } from '@/lib/retry';
import { toErrorObject } from './client';

export interface NextTry {
  /** When the read is asked again (epoch ms); undefined while it is being asked. */
  at: number | undefined;
  /** Asks again at once. */
  tryNow: () => void;
}

interface Pending {
  timer: ReturnType<typeof setTimeout>;
  at: number;
}

export class RetryScheduler {
  private readonly attempts = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();
  /** The failed try each error came from, so a panel given only the error finds its query. */
  private readonly queryOf = new WeakMap<object, Query>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** Follows the query cache until the returned function is called. */
  start(): () => void {
    const unsubscribe = this.queryClient.getQueryCache().subscribe((event) => {
      const query = event.query;
      if (event.type === 'removed') return this.forget(query.queryHash);
      if (event.type === 'observerRemoved' && query.getObserversCount() === 0) return this.forget(query.queryHash);
      if (event.type !== 'updated') return;
      if (event.action.type === 'success') this.forget(query.queryHash);
      else if (event.action.type === 'error') this.failed(query);
    });
    return () => {
      unsubscribe();
      for (const hash of [...this.pending.keys()]) this.forget(hash);
    };
  }

  /** The next try of the read that failed with `error`, when one is scheduled. */
  nextTry(error: unknown): NextTry | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const query = this.queryOf.get(error);
    const current = query?.state.error;
    if (!query || (current !== error && toErrorObject(current) !== error)) return undefined;
    const tryNow = () => this.refetch(query);
    if (query.state.fetchStatus === 'fetching' && isTransient(toErrorObject(current))) return { at: undefined, tryNow };
    const pending = this.pending.get(query.queryHash);
    return pending && { at: pending.at, tryNow };
  }

  /** For useSyncExternalStore: the version changes whenever a try is scheduled or dropped. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  private failed(query: Query): void {
    const error = query.state.error;
    if (error === null) return;
    const errorObject = toErrorObject(error);
    // Panels are given the thrown ApiError or the console's error object inside it.
    this.queryOf.set(error, query);
    this.queryOf.set(errorObject, query);
    if (!isTransient(errorObject) || !query.isActive()) return this.forget(query.queryHash, { keepAttempts: true });
    const attempt = this.attempts.get(query.queryHash) ?? 0;
    this.attempts.set(query.queryHash, attempt + 1);
    const delay = retryDelayMs(attempt, errorObject, undefined, this.random);
    this.clearTimer(query.queryHash);
    this.pending.set(query.queryHash, { at: this.now() + delay, timer: setTimeout(() => this.refetch(query), delay) });
    this.changed();
  }

  private refetch(query: Query): void {
    this.clearTimer(query.queryHash);
    this.changed();
    void this.queryClient.refetchQueries({ predicate: (candidate) => candidate === query, type: 'active' }, { cancelRefetch: false });
  }

  private clearTimer(hash: string): void {
    const pending = this.pending.get(hash);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(hash);
  }

  private forget(hash: string, { keepAttempts = false } = {}): void {
    if (!keepAttempts) this.attempts.delete(hash);
    if (!this.pending.has(hash)) return;
    this.clearTimer(hash);
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
