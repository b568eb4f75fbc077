import 'server-only';
import { ConfigError } from '../config';
import { ConsoleError } from '../errors';
import { parseDurationText } from '../hpa/settings';
import type { LogEvent, QueryRun } from '@/lib/logs-insights';

/** Longest one slice of a query's evaluation holds the event loop before other requests get their turn. */
export const SLICE_MS = 4;
const DEFAULT_BUDGET_MS = 30_000;
const VARIABLE = 'WATCHDECK_POD_LOGS_QUERY_CPU';

/** The CPU time a query over pod logs may spend evaluating in the console's process (docs/configuration.md). */
export function podLogsQueryBudgetMs(env: Record<string, string | undefined> = process.env): number {
  const text = env[VARIABLE]?.trim();
  if (!text) return DEFAULT_BUDGET_MS;
  const ms = parseDurationText(text);
  if (ms === undefined || ms < 1000) throw new ConfigError(VARIABLE, `must be a whole number of at least 1 with s, m, h or d, e.g. 30s (got "${text}")`);
  return ms;
}

/**
 * What one query may still spend: the time its evaluation holds the event loop, which on the
 * server's one JavaScript thread is CPU time no other request can have.
 */
export class CpuBudget {
  private spentMs = 0;
  constructor(readonly limitMs: number) {}

  get spent(): number {
    return this.spentMs;
  }

  /** Counts `ms` against the budget; throws QueryTimeout once it is spent. */
  charge(ms: number): void {
    this.spentMs += ms;
    if (this.spentMs > this.limitMs) {
      throw new ConsoleError(
        'QueryTimeout',
        408,
        `the query used its ${formatSeconds(this.limitMs)} of CPU time (${VARIABLE}) before it finished; narrow it with a shorter time range, a label selector that matches fewer pods, or a simpler pattern`,
      );
    }
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en')} s`;
}

/** When the next slice of any query may start, and the slices waiting for their turn, one after another. */
const gate = { nextSliceAt: 0, line: Promise.resolve() };

/**
 * Runs `slice` when its turn comes: slices of every query in the process run one at a time,
 * each followed by as long again for everything else, so a request that needs several turns
 * of the event loop is slowed by at most about half, however many queries run.
 */
function inTurn<T>(slice: () => T): Promise<T> {
  const turn = gate.line.then(async () => {
    const wait = gate.nextSliceAt - performance.now();
    await new Promise<void>((resolve) => (wait > 0 ? setTimeout(resolve, wait) : setImmediate(resolve)));
    const started = performance.now();
    try {
      return slice();
    } finally {
      const ended = performance.now();
      gate.nextSliceAt = ended + (ended - started);
    }
  });
  gate.line = turn.then(
    () => undefined,
    () => undefined,
  );
  return turn;
}

/**
 * Feeds events to a run a slice of SLICE_MS at a time, in turn with every other query's slices
 * and other requests, charging each slice to the budget; stops early when `signal` aborts.
 */
export async function pushInSlices(run: QueryRun, events: readonly LogEvent[], budget: CpuBudget, signal: AbortSignal): Promise<void> {
  for (let next = 0; next < events.length && !signal.aborted;) {
    next = await inTurn(() => {
      const started = performance.now();
      const scanned = run.pushUntil(events, next, started + SLICE_MS);
      budget.charge(performance.now() - started);
      return scanned;
    });
  }
}

/** Reads the run's rows (a sort over what it kept), charged to the budget like the scan. */
export function timedResults(run: QueryRun, budget: CpuBudget): ReturnType<QueryRun['results']> {
  const started = performance.now();
  const rows = run.results();
  budget.charge(performance.now() - started);
  return rows;
}
