/**
 * Logs Insights queries as the service runs them: StartQuery schedules a
 * scan that runs in chunks between other work, GetQueryResults reads its
 * status, statistics and (partial) rows, StopQuery cancels it.
 */
import { parseQuery, QueryCompileError, QueryRun, type LogEvent, type Query, type ResultField } from '@/lib/logs-insights';
import { AwsError, SANDBOX_ACCOUNT_ID } from '../server';
import { groupNameOf, invalid, optionalInt, optionalString, optionalStrings, page, requiredInt, requiredString, type Input } from './params';
import { pointer, type LogGroup, type LogStore, type LogStream } from './store';

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout';

/** The clock a query's minimum run time passes on: the wall clock, or a manual one a test moves (a World in manual mode is one). */
export interface QueryClock {
  nowMs(): number;
  /** Runs `fn` after `ms` of this clock's time; the function returned cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const WALL_CLOCK: QueryClock = {
  nowMs: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export interface QueryEngineOptions {
  /** Queries that may be Scheduled or Running at once (the account quota). */
  maxConcurrent?: number;
  /** Events scanned per turn of the event loop. */
  chunkEvents?: number;
  /** Wall-clock pause between chunks; 0 yields with setImmediate only. */
  chunkDelayMs?: number;
  /** Longest one step scans before it yields, however few of its chunk's events it got through. */
  sliceMs?: number;
  /** Wall-clock time after which a running query stops with status Timeout. */
  timeoutMs?: number;
  /** Queries remembered for DescribeQueries and GetQueryResults. */
  history?: number;
  /**
   * Time (on `clock`) a query runs at least, its scan spread over it in steps, as the
   * service takes a second or more even over little data; 0 runs as fast as it can.
   */
  minRunMs?: number;
  /** What minRunMs is measured on (default the wall clock). */
  clock?: QueryClock;
}

/** Steps a query's scan is spread over while it runs its minimum time. */
const PACED_STEPS = 20;

interface Cursor {
  targets: { group: LogGroup; streams: { stream: LogStream; end: number }[] }[];
  group: number;
  stream: number;
  seq: number;
  from: number;
  to: number;
}

interface QueryState {
  queryId: string;
  queryString: string;
  logGroupNames: string[];
  createTime: number;
  status: QueryStatus;
  run: QueryRun;
  cursor: Cursor;
  startedWall: number;
  /** When it started on the pacing clock. */
  startedPaced: number;
  /** Events scanned per step. */
  chunk: number;
  /** A chunk whose scan a step left unfinished, and where the next step takes it up. */
  pending?: { events: LogEvent[]; next: number };
  /** Rows fixed when the query ended. */
  final?: ResultField[][];
  /** Cancels the next step, or the wait for the minimum run time. */
  cancel?: () => void;
}

const RUNNING: ReadonlySet<QueryStatus> = new Set(['Scheduled', 'Running']);
const STATUSES: ReadonlySet<string> = new Set(['Scheduled', 'Running', 'Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown']);
/** The most rows one GetQueryResults answer holds; a result of up to 100,000 rows is read with nextToken. */
const RESULTS_PAGE = 10_000;

function randomId(): string {
  return crypto.randomUUID();
}

export class QueryEngine {
  private readonly queries = new Map<string, QueryState>();
  private readonly maxConcurrent: number;
  private readonly chunkEvents: number;
  private readonly chunkDelayMs: number;
  private readonly sliceMs: number;
  private readonly timeoutMs: number;
  private readonly history: number;
  private readonly minRunMs: number;
  private readonly clock: QueryClock;

  constructor(
    private readonly store: LogStore,
    options: QueryEngineOptions = {},
  ) {
    this.maxConcurrent = options.maxConcurrent ?? 100;
    this.chunkEvents = options.chunkEvents ?? 2_000;
    this.chunkDelayMs = options.chunkDelayMs ?? 5;
    this.sliceMs = options.sliceMs ?? 4;
    this.timeoutMs = options.timeoutMs ?? 60 * 60_000;
    this.history = options.history ?? 1_000;
    this.minRunMs = options.minRunMs ?? 0;
    this.clock = options.clock ?? WALL_CLOCK;
  }

  start(input: Input): { queryId: string } {
    const queryString = requiredString(input, 'queryString', { min: 0, max: 10_000 });
    const startTime = requiredInt(input, 'startTime', { min: 0 });
    const endTime = requiredInt(input, 'endTime', { min: 0 });
    const limit = optionalInt(input, 'limit', { min: 1, max: 10_000 });
    const language = optionalString(input, 'queryLanguage');
    if (language !== undefined && language !== 'CWLI') throw invalid(`Query language ${language} is not supported here; use CWLI.`);
    const single = optionalString(input, 'logGroupName', { min: 1, max: 512 });
    const names = optionalStrings(input, 'logGroupNames', { max: 50 });
    const identifiers = optionalStrings(input, 'logGroupIdentifiers', { max: 50 });
    const given = [single, names, identifiers].filter((v) => v !== undefined).length;
    if (given > 1) throw invalid('Exactly one of logGroupName, logGroupNames and logGroupIdentifiers may be specified.');
    if (given === 0) throw invalid('One of logGroupName, logGroupNames or logGroupIdentifiers must be specified.');
    if (endTime < startTime) throw invalid('endTime must be greater than or equal to startTime.');
    const groupNames = single !== undefined ? [single] : (names ?? identifiers!.map(groupNameOf));
    if (groupNames.length === 0) throw invalid('At least one log group must be specified.');
    const groups = groupNames.map((name) => {
      const g = this.store.group(name);
      if (!g) throw new AwsError('ResourceNotFoundException', `Log group '${name}' does not exist for account ID '${SANDBOX_ACCOUNT_ID}'`);
      return g;
    });

    let query: Query;
    try {
      query = parseQuery(queryString);
    } catch (e) {
      if (!(e instanceof QueryCompileError)) throw e;
      throw new AwsError('MalformedQueryException', e.message, 400, { queryCompileError: e.toQueryCompileError() });
    }
    if (limit !== undefined && !query.commands.some((c) => c.command === 'limit')) {
      const at = queryString.length;
      query = { ...query, commands: [...query.commands, { command: 'limit', count: limit, start: at, end: at }] };
    }

    let active = 0;
    for (const q of this.queries.values()) if (RUNNING.has(q.status)) active++;
    if (active >= this.maxConcurrent) throw new AwsError('LimitExceededException', `Account maximum query concurrency limit of [${this.maxConcurrent}] reached.`);

    const targets = groups.map((group) => ({ group, streams: [...group.streams.values()].map((stream) => ({ stream, end: stream.end })) }));
    let total = 0;
    for (const t of targets) for (const { stream, end } of t.streams) total += end - stream.dropped;
    const state: QueryState = {
      queryId: randomId(),
      queryString,
      logGroupNames: groups.map((g) => g.name),
      createTime: this.store.now(),
      status: 'Scheduled',
      run: new QueryRun(query, { accountId: SANDBOX_ACCOUNT_ID }),
      cursor: {
        targets,
        group: 0,
        stream: 0,
        seq: -1,
        from: startTime * 1000,
        // The range is inclusive: every event of the end second counts.
        to: endTime * 1000 + 999,
      },
      startedWall: Date.now(),
      startedPaced: this.clock.nowMs(),
      chunk: this.minRunMs > 0 ? Math.max(1, Math.min(this.chunkEvents, Math.ceil(total / PACED_STEPS))) : this.chunkEvents,
    };
    this.queries.set(state.queryId, state);
    this.forget();
    this.schedule(state);
    return { queryId: state.queryId };
  }

  private schedule(q: QueryState): void {
    const step = () => this.step(q);
    if (this.clock.nowMs() - q.startedPaced < this.minRunMs) {
      q.cancel = this.clock.after(Math.max(this.chunkDelayMs, this.minRunMs / PACED_STEPS), step);
    } else if (this.chunkDelayMs > 0) {
      q.cancel = WALL_CLOCK.after(this.chunkDelayMs, step);
    } else {
      const immediate = setImmediate(step);
      q.cancel = () => clearImmediate(immediate);
    }
  }

  /**
   * Scans the next chunk of events, or what is left of the last one, for at most sliceMs:
   * a costly query takes more steps instead of holding the sandbox's other requests.
   * The query stays Running until the last event.
   */
  private step(q: QueryState): void {
    q.cancel = undefined;
    if (!RUNNING.has(q.status)) return;
    q.status = 'Running';
    if (Date.now() - q.startedWall > this.timeoutMs) return this.end(q, 'Timeout');
    const { events, next } = q.pending ?? { events: this.nextChunk(q), next: 0 };
    let scanned: number;
    try {
      scanned = q.run.pushUntil(events, next, performance.now() + this.sliceMs);
    } catch (e) {
      console.error(`[sandbox logs] query ${q.queryId} failed:`, e);
      return this.end(q, 'Failed');
    }
    q.pending = scanned < events.length ? { events, next: scanned } : undefined;
    const c = q.cursor;
    if (!q.pending && c.group >= c.targets.length) {
      const left = q.startedPaced + this.minRunMs - this.clock.nowMs();
      if (left <= 0) return this.end(q, 'Complete');
      q.cancel = this.clock.after(left, () => this.end(q, 'Complete'));
      return;
    }
    this.schedule(q);
  }

  /** The next chunk of events in range, the cursor moved past them. */
  private nextChunk(q: QueryState): LogEvent[] {
    const events: LogEvent[] = [];
    const c = q.cursor;
    const now = this.store.now();
    while (events.length < q.chunk && c.group < c.targets.length) {
      const target = c.targets[c.group];
      if (c.stream >= target.streams.length) {
        c.group++;
        c.stream = 0;
        c.seq = -1;
        continue;
      }
      const { stream, end } = target.streams[c.stream];
      const group = target.group;
      const from = Math.max(c.from, group.cutoff(now));
      if (c.seq < stream.dropped) c.seq = stream.dropped;
      const stop = Math.min(end, stream.end, c.seq + (q.chunk - events.length));
      for (let seq = c.seq; seq < stop; seq++) {
        const i = seq - stream.dropped;
        const t = stream.timestamps[i];
        if (t < from || t > c.to) continue;
        events.push({
          timestamp: t,
          ingestionTime: stream.ingestionTimes[i],
          message: stream.messages[i],
          logStream: stream.name,
          logGroup: group.name,
          ptr: pointer(group, stream, seq),
        });
      }
      c.seq = stop;
      if (stop >= Math.min(end, stream.end)) {
        c.stream++;
        c.seq = -1;
      }
    }
    return events;
  }

  private end(q: QueryState, status: QueryStatus): void {
    q.cancel?.();
    q.cancel = undefined;
    q.status = status;
    q.final = status === 'Failed' ? [] : q.run.results();
    q.cursor.targets = [];
    q.pending = undefined;
  }

  private find(input: Input): QueryState {
    const id = requiredString(input, 'queryId', { min: 0, max: 256 });
    const q = this.queries.get(id);
    if (!q) throw new AwsError('ResourceNotFoundException', 'The specified query does not exist.');
    return q;
  }

  /**
   * A page of the rows: at most maxItems (10,000 when it is absent or 0, the most the service gives
   * in one answer), and a nextToken while more remain, up to the query's 100,000.
   */
  results(input: Input) {
    const q = this.find(input);
    const maxItems = optionalInt(input, 'maxItems', { min: 0, max: RESULTS_PAGE }) || RESULTS_PAGE;
    const rows = page(q.final ?? q.run.results(), optionalString(input, 'nextToken', { min: 1, max: 1024 }), maxItems);
    const s = q.run.statistics;
    return {
      queryLanguage: 'CWLI',
      results: rows.items,
      statistics: { recordsMatched: s.recordsMatched, recordsScanned: s.recordsScanned, bytesScanned: s.bytesScanned, logGroupsScanned: q.logGroupNames.length },
      status: q.status,
      ...(rows.nextToken ? { nextToken: rows.nextToken } : {}),
    };
  }

  stop(input: Input): { success: boolean } {
    const q = this.find(input);
    if (!RUNNING.has(q.status)) throw invalid(`Query ${q.queryId} is not running; its status is ${q.status}.`);
    this.end(q, 'Cancelled');
    return { success: true };
  }

  describe(input: Input) {
    const groupName = optionalString(input, 'logGroupName', { min: 1, max: 512 });
    const status = optionalString(input, 'status');
    if (status !== undefined && !STATUSES.has(status)) {
      throw invalid(
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Scheduled, Running, Complete, Failed, Cancelled, Timeout, Unknown]`,
      );
    }
    const maxResults = optionalInt(input, 'maxResults', { min: 1, max: 1000 }) ?? 1000;
    const nextToken = optionalString(input, 'nextToken', { min: 1 });
    const all = [...this.queries.values()].filter((q) => (groupName === undefined || q.logGroupNames.includes(groupName)) && (status === undefined || q.status === status)).reverse();
    const p = page(all, nextToken, maxResults);
    return {
      queries: p.items.map((q) => ({
        queryLanguage: 'CWLI',
        queryId: q.queryId,
        queryString: q.queryString,
        status: q.status,
        createTime: q.createTime,
        logGroupName: q.logGroupNames[0],
      })),
      ...(p.nextToken ? { nextToken: p.nextToken } : {}),
    };
  }

  /** Cancels every running query (the sandbox is closing). */
  close(): void {
    for (const q of this.queries.values()) if (RUNNING.has(q.status)) this.end(q, 'Cancelled');
  }

  private forget(): void {
    if (this.queries.size <= this.history) return;
    for (const [id, q] of this.queries) {
      if (this.queries.size <= this.history) break;
      if (!RUNNING.has(q.status)) this.queries.delete(id);
    }
  }
}
