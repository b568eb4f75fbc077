import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors';
import { kubeconfigYaml, useTestConsole } from '../testing/setup';
import { QueryRun, type LogEvent } from '@/lib/logs-insights';
import { startLocalQuery, queryState } from './queries';
import { CpuBudget, podLogsQueryBudgetMs, pushInSlices, SLICE_MS } from './query-budget';

const events: LogEvent[] = Array.from({ length: 60_000 }, (_, i) => ({
  timestamp: i,
  message: JSON.stringify({ log: `GET /api/regions/${i % 50} ${i % 7 === 0 ? 500 : 200} ${i % 900}ms`, kubernetes: { container_name: 'app' } }),
  logStream: 's',
  logGroup: 'pods/ns',
}));
const QUERY = 'parse log "* * * *ms" as method, path, status, took | stats count(*) as n by status';

describe('the CPU budget of a query the console runs itself', () => {
  it('reads WATCHDECK_POD_LOGS_QUERY_CPU as a duration of at least 1s, 30s when unset', () => {
    expect(podLogsQueryBudgetMs({})).toBe(30_000);
    expect(podLogsQueryBudgetMs({ WATCHDECK_POD_LOGS_QUERY_CPU: '5s' })).toBe(5_000);
    expect(podLogsQueryBudgetMs({ WATCHDECK_POD_LOGS_QUERY_CPU: '2m' })).toBe(120_000);
    expect(() => podLogsQueryBudgetMs({ WATCHDECK_POD_LOGS_QUERY_CPU: '500ms' })).toThrow(
      'WATCHDECK_POD_LOGS_QUERY_CPU: must be a whole number of at least 1 with s, m, h or d, e.g. 30s (got "500ms")',
    );
    expect(() => podLogsQueryBudgetMs({ WATCHDECK_POD_LOGS_QUERY_CPU: '0s' })).toThrow('(got "0s")');
  });

  it('scans every event in slices, letting timers run between them', async () => {
    const run = new QueryRun(QUERY);
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 1);
    await pushInSlices(run, events, new CpuBudget(60_000), new AbortController().signal);
    clearInterval(ticker);
    expect(run.statistics.recordsScanned).toBe(60_000);
    // 60,000 events / 7: status 500 on every seventh (8,572 of them, i = 0, 7, …, 59,997).
    expect(run.results()).toEqual([
      [
        { field: 'status', value: '500' },
        { field: 'n', value: '8572' },
      ],
      [
        { field: 'status', value: '200' },
        { field: 'n', value: '51428' },
      ],
    ]);
    // The timer ran between slices, many times and mostly soon; a scan in one piece would let it run once, after.
    expect(gaps.length).toBeGreaterThan(10);
    expect([...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]).toBeLessThan(4 * SLICE_MS);
  });

  it('ends a query over its budget with QueryTimeout naming the budget and how to narrow the query', async () => {
    const run = new QueryRun(QUERY);
    const budget = new CpuBudget(20);
    const error = await pushInSlices(run, events, budget, new AbortController().signal).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).toJSON()).toEqual({
      kind: 'QueryTimeout',
      message:
        'the query used its 0.02 s of CPU time (WATCHDECK_POD_LOGS_QUERY_CPU) before it finished; narrow it with a shorter time range, a label selector that matches fewer pods, or a simpler pattern',
    });
    expect(budget.spent).toBeGreaterThan(20);
    expect(run.statistics.recordsScanned).toBeLessThan(60_000);
  });

  it('stops scanning when the query is cancelled', async () => {
    const run = new QueryRun(QUERY);
    const abort = new AbortController();
    const scanning = pushInSlices(run, events, new CpuBudget(60_000), abort.signal);
    abort.abort();
    await scanning;
    expect(run.statistics.recordsScanned).toBeLessThan(60_000);
  });

  it('reports a query that ran out of budget as Timeout, with the error', async () => {
    const owner = { username: 'dev', cluster: 'eks-work-cluster' };
    // The query's state is kept in the store.
    const console = await useTestConsole(kubeconfigYaml({ clusters: [], users: [], contexts: [] }));
    const started = await startLocalQuery(owner, async () => new CpuBudget(1).charge(2));
    await new Promise((resolve) => setImmediate(resolve));
    const state = await queryState(started.id, owner).finally(() => console.close());
    expect([state.status, state.error]).toEqual([
      'Timeout',
      {
        kind: 'QueryTimeout',
        message:
          'the query used its 0.001 s of CPU time (WATCHDECK_POD_LOGS_QUERY_CPU) before it finished; narrow it with a shorter time range, a label selector that matches fewer pods, or a simpler pattern',
      },
    ]);
  });
});
