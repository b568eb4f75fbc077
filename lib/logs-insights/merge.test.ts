import { describe, expect, it } from 'vitest';
import { QueryRun, runQuery } from './engine';
import type { LogEvent } from './record';
import { ERROR_COUNT_QUERY } from './seed-queries';
import { EVENTS, fluentdEvent } from './test-events';

/** Ten request lines a minute apart over three containers, with latencies 10 to 100 ms in a shuffled order. */
const TOOK = [40, 10, 100, 70, 20, 90, 50, 30, 80, 60];
const REQUESTS: LogEvent[] = TOOK.map((took, i) => fluentdEvent(i * 60_000, ['backend-app', 'frontend', 'aws-node'][i % 3], `${i % 2 ? 'POST' : 'GET'} /api/regions ${i === 4 ? 500 : 200} ${took}ms`));
const MIXED = [...EVENTS.slice(0, 11), ...REQUESTS.map((e) => ({ ...e, timestamp: e.timestamp + 110_000 })), EVENTS[11]];

const PARSE = 'parse log /^(?<method>[A-Z]+) (?<path>\\S+) (?<status>\\d{3}) (?<took>\\d+)ms$/ | filter ispresent(took)';

/** Runs `query` over each part on its own, hands each part's partial through a structured clone (as to another thread), and merges them in order. */
function merged(query: string, parts: LogEvent[][]) {
  const run = new QueryRun(query);
  for (const part of parts) {
    const worker = new QueryRun(query);
    worker.push(part);
    run.merge(structuredClone(worker.partial()));
  }
  return { results: run.results(), statistics: run.statistics };
}

/** Every way of cutting `events` in two, and into three at every pair of places. */
function splits(events: LogEvent[]): LogEvent[][][] {
  const out: LogEvent[][][] = [];
  for (let i = 0; i <= events.length; i++) {
    out.push([events.slice(0, i), events.slice(i)]);
    for (let j = i; j <= events.length; j += 3) out.push([events.slice(0, i), events.slice(i, j), events.slice(j)]);
  }
  return out;
}

describe('partial aggregates merged in input order', () => {
  it('give exactly the rows and statistics of one run, wherever the input is cut', () => {
    const queries = [
      ERROR_COUNT_QUERY,
      `${PARSE} | stats count(*) as n, sum(took) as total, avg(took) as mean, pct(took, 50) as p50, percentile(took, 90) as p90, stddev(took) as sd by bin(5m) as t`,
      'stats count_distinct(kubernetes.container_name) as containers, count(kubernetes.pod_name) as pods, min(log), max(log), sortsFirst(log), sortsLast(log), earliest(log), latest(log)',
      'stats count(*) as n by kubernetes.container_name as c, stream | sort n desc, c asc | limit 2',
      `${PARSE} | stats avg(took) as mean, count_distinct(path) as paths by method | filter mean > 40`,
      'fields jsonParse(@message) as m | stats latest(m) as last, count(*) as n by kubernetes.container_name',
      'filter log like /nothing like this/ | stats count(*) as n',
    ];
    for (const query of queries) {
      const whole = runQuery(query, MIXED);
      for (const parts of splits(MIXED)) {
        expect({ query, ...merged(query, parts) }).toEqual({ query, ...whole });
      }
    }
  });

  it('give the values worked out by hand: nearest-rank pct, avg, count_distinct and a sort and limit after stats', () => {
    const query = `${PARSE} | stats count(*) as n, avg(took) as mean, pct(took, 50) as p50, pct(took, 95) as p95, count_distinct(status) as statuses by kubernetes.container_name as c | sort mean desc | limit 2`;
    // backend-app took 40, 70, 50, 60 (mean 55); frontend 10, 20, 30 (mean 20); aws-node 100, 90, 80 (mean 90).
    // Nearest rank: p50 of 4 values is the 2nd (50), p95 the 4th (70); of 3 values the 2nd and the 3rd.
    const expected = [
      [
        { field: 'c', value: 'aws-node' },
        { field: 'n', value: '3' },
        { field: 'mean', value: '90' },
        { field: 'p50', value: '90' },
        { field: 'p95', value: '100' },
        { field: 'statuses', value: '1' },
      ],
      [
        { field: 'c', value: 'backend-app' },
        { field: 'n', value: '4' },
        { field: 'mean', value: '55' },
        { field: 'p50', value: '50' },
        { field: 'p95', value: '70' },
        { field: 'statuses', value: '1' },
      ],
    ];
    expect(runQuery(query, REQUESTS).results).toEqual(expected);
    // The one 500 (the fifth line, took 20) belongs to frontend, whose mean is lowest and is cut by the limit.
    expect(merged(query, [REQUESTS.slice(0, 3), REQUESTS.slice(3, 7), REQUESTS.slice(7)]).results).toEqual(expected);
    expect(merged(query, [REQUESTS.slice(0, 3), REQUESTS.slice(3, 7), REQUESTS.slice(7)]).statistics).toEqual({
      recordsMatched: 10,
      recordsScanned: 10,
      bytesScanned: REQUESTS.reduce((n, e) => n + e.message.length, 0),
    });
  });

  it('keep the order in which groups were first seen, across parts', () => {
    const query = 'stats count(*) as n by kubernetes.container_name as c';
    // frontend appears first in the second part only; backend-app in both.
    const parts = [REQUESTS.slice(0, 1), REQUESTS.slice(1)];
    expect(merged(query, parts).results.map((r) => r[0].value)).toEqual(['backend-app', 'frontend', 'aws-node']);
  });

  it('are refused for a query without stats, whose rows are its events', () => {
    const run = new QueryRun('filter log like /GET/');
    expect(run.mergeable).toBe(false);
    expect(() => run.partial()).toThrow('only a query that aggregates its events with stats has partial results to merge');
    expect(new QueryRun(ERROR_COUNT_QUERY).mergeable).toBe(true);
  });
});
