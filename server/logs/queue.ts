/**
 * The account's Logs Insights queries in the order they may start: at most `limit` run at once
 * (the service's concurrent-query quota, shared by the whole account), the rest wait in line.
 * Each user waits in a lane of their own and the lanes take turns, so one user's many waiting
 * queries hold another's first query back by one turn at most.
 */
export class QueryQueue<T> {
  private readonly running = new Set<T>();
  /** In turn order: the lane served next comes first; a lane served goes to the back. */
  private lanes: { owner: string; items: T[] }[] = [];

  constructor(
    readonly limit: number,
    private readonly ownerOf: (item: T) => string,
  ) {}

  /** Adds a query at the end of its owner's lane; a new lane joins the turns at the back. */
  add(item: T): void {
    const owner = this.ownerOf(item);
    const lane = this.lanes.find((l) => l.owner === owner);
    if (lane) lane.items.push(item);
    else this.lanes.push({ owner, items: [item] });
  }

  /** Puts a query the service refused for the quota back at the front of the line: first in its lane, its lane's turn next. */
  retry(item: T): void {
    this.running.delete(item);
    const owner = this.ownerOf(item);
    const lane = this.lanes.find((l) => l.owner === owner);
    if (lane) {
      lane.items.unshift(item);
      this.lanes = [lane, ...this.lanes.filter((l) => l !== lane)];
    } else this.lanes.unshift({ owner, items: [item] });
  }

  /** Frees a query's place, running or waiting. */
  remove(item: T): void {
    this.running.delete(item);
    const lane = this.lanes.find((l) => l.owner === this.ownerOf(item));
    if (!lane) return;
    const i = lane.items.indexOf(item);
    if (i >= 0) lane.items.splice(i, 1);
    if (lane.items.length === 0) this.lanes = this.lanes.filter((l) => l !== lane);
  }

  /** The queries that may start now, a lane at a time in turn; they count as running from here on. */
  startable(): T[] {
    const out: T[] = [];
    while (this.running.size < this.limit && this.lanes.length > 0) {
      const [lane, ...rest] = this.lanes;
      const next = lane.items.shift()!;
      this.lanes = lane.items.length > 0 ? [...rest, lane] : rest;
      this.running.add(next);
      out.push(next);
    }
    return out;
  }

  /**
   * How many queries are ahead of a waiting one: every running query plus those that start
   * before it as the lanes take turns; undefined when it is not waiting.
   */
  queuedBehind(item: T): number | undefined {
    const at = this.lanes.findIndex((l) => l.owner === this.ownerOf(item));
    const round = at < 0 ? -1 : this.lanes[at].items.indexOf(item);
    if (round < 0) return undefined;
    let ahead = this.running.size;
    this.lanes.forEach((l, i) => (ahead += Math.min(l.items.length, i < at ? round + 1 : round)));
    return ahead;
  }

  /** The queries an owner has running or waiting. */
  held(owner: string): number {
    let n = this.lanes.find((l) => l.owner === owner)?.items.length ?? 0;
    for (const item of this.running) if (this.ownerOf(item) === owner) n++;
    return n;
  }

  /** Whether anyone but this owner has a query waiting. */
  othersWait(owner: string): boolean {
    return this.lanes.some((l) => l.owner !== owner);
  }

  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.lanes.reduce((n, l) => n + l.items.length, 0) };
  }
}
