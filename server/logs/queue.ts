/**
 * The account's Logs Insights queries in the order they may start: at most `limit` run at once
 * (the service's concurrent-query quota, shared by the whole account), the rest wait in line.
 */
export class QueryQueue<T> {
  private readonly running = new Set<T>();
  private readonly waiting: T[] = [];

  constructor(readonly limit: number) {}

  /** Adds a query at the end of the line; `start` says which may start now (at once, or after others end). */
  add(item: T): void {
    this.waiting.push(item);
  }

  /** Puts a query the service refused for the quota back at the front of the line. */
  retry(item: T): void {
    this.running.delete(item);
    this.waiting.unshift(item);
  }

  /** Frees a query's place, running or waiting. */
  remove(item: T): void {
    this.running.delete(item);
    const i = this.waiting.indexOf(item);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** The queries that may start now, in line order; they count as running from here on. */
  startable(): T[] {
    const out: T[] = [];
    while (this.running.size < this.limit && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running.add(next);
      out.push(next);
    }
    return out;
  }

  /** How many queries are ahead of a waiting one: every running query plus those before it in line; undefined when it is not waiting. */
  queuedBehind(item: T): number | undefined {
    const i = this.waiting.indexOf(item);
    return i < 0 ? undefined : this.running.size + i;
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.length };
  }
}
