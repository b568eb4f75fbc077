import 'server-only';
/**
 * The account's Logs Insights queries in the order they may start: at most `limit` run at once
 * (the service's concurrent-query quota, shared by the whole account), the rest wait in line.
 * Each user waits in a lane of their own and the lanes take turns, so one user's many waiting
 * queries hold another's first query back by one turn at most.
 */
/**
 * How many queries are ahead of a waiting one: `running`, plus, from each lane in turn order
 * (`waiting` counts), those that start before it as the lanes take turns; `at` is its lane's
 * index and `round` its index within that lane.
 */
export function queuedAhead(running: number, waiting: number[], at: number, round: number): number {
  let ahead = running;
  waiting.forEach((n, i) => (ahead += Math.min(n, i < at ? round + 1 : round)));
  return ahead;
}

export class QueryQueue<T> {
  private readonly running = new Set<T>();
  /** In turn order: the lane served next comes first; a lane served goes to the back. */
  private lanes: { owner: string; items: T[] }[] = [];

  constructor(
    readonly limit: number,
    private readonly ownerOf: (item: T) => string,
  ) {}

  /** A line as it stands in the store: the queries holding running places, and the lanes in turn order. */
  static of<T>(limit: number, ownerOf: (item: T) => string, running: Iterable<T>, lanes: { owner: string; items: T[] }[]): QueryQueue<T> {
    const q = new QueryQueue<T>(limit, ownerOf);
    for (const item of running) q.running.add(item);
    q.lanes = lanes.filter((l) => l.items.length > 0).map((l) => ({ owner: l.owner, items: [...l.items] }));
    return q;
  }

  /** The owners with queries waiting, the one served next first. */
  turnOrder(): string[] {
    return this.lanes.map((l) => l.owner);
  }

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
    return queuedAhead(
      this.running.size,
      this.lanes.map((l) => l.items.length),
      at,
      round,
    );
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
