import { describe, expect, it } from 'vitest';
import { chartFor, columnsOf, queryNamespace, recordPod, sortRows, toCsv, toRows } from './results-model';

describe('results model', () => {
  it('turns GetQueryResults rows into records and columns, @ptr left out of the columns', () => {
    const rows = toRows([
      [
        { field: '@timestamp', value: 't1' },
        { field: 'log', value: 'a' },
        { field: '@ptr', value: 'p' },
      ],
      [{ field: 'x', value: '1' }],
    ]);
    expect(rows).toEqual([{ '@timestamp': 't1', log: 'a', '@ptr': 'p' }, { x: '1' }]);
    expect(columnsOf(rows)).toEqual(['@timestamp', 'log', 'x']);
  });

  it('sorts numbers as numbers, text as text, rows without the field last', () => {
    const rows: Record<string, string>[] = [{ n: '10' }, { n: '9' }, {}, { n: '100' }];
    expect(sortRows(rows, 'n', false)).toEqual([{ n: '9' }, { n: '10' }, { n: '100' }, {}]);
    expect(sortRows(rows, 'n', true)).toEqual([{ n: '100' }, { n: '10' }, { n: '9' }, {}]);
    const mixed: Record<string, string>[] = [{ v: 'b' }, { v: '10' }, {}, { v: 'B' }, { v: '9' }, { v: 'a' }];
    expect(sortRows(mixed, 'v', false)).toEqual([{ v: '9' }, { v: '10' }, { v: 'B' }, { v: 'a' }, { v: 'b' }, {}]);
    expect(sortRows(mixed, 'v', true)).toEqual([{ v: 'b' }, { v: 'a' }, { v: 'B' }, { v: '10' }, { v: '9' }, {}]);
  });

  it('charts the seeds’ ERROR_COUNT as bars by APP', () => {
    const q = 'stats count(*) as ERROR_COUNT by kubernetes.container_name as APP\n| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )';
    expect(
      chartFor(q, [
        { APP: 'backend-app', ERROR_COUNT: '3' },
        { APP: 'frontend', ERROR_COUNT: '1' },
      ]),
    ).toEqual({
      kind: 'bars',
      category: 'APP',
      values: ['ERROR_COUNT'],
      points: [
        { APP: 'backend-app', ERROR_COUNT: 3 },
        { APP: 'frontend', ERROR_COUNT: 1 },
      ],
    });
  });

  it('charts bin() as one line per group, oldest bucket first', () => {
    const q = 'stats count(*) as n by bin(5m) as t, kubernetes.container_name as app';
    expect(
      chartFor(q, [
        { t: '2026-01-01 00:05:00.000', app: 'a', n: '2' },
        { t: '2026-01-01 00:00:00.000', app: 'a', n: '1' },
        { t: '2026-01-01 00:00:00.000', app: 'b', n: '4' },
      ]),
    ).toEqual({
      kind: 'timeseries',
      time: 't',
      series: ['a', 'b'],
      points: [
        { t: '2026-01-01 00:00:00.000', a: 1, b: 4 },
        { t: '2026-01-01 00:05:00.000', a: 2 },
      ],
    });
  });

  it('draws no chart for event rows, a stats without groups, or a query that does not parse', () => {
    expect(chartFor('fields @message', [{ '@message': 'x' }]).kind).toBe('none');
    expect(chartFor('stats count(*) as n', [{ n: '1' }]).kind).toBe('none');
    expect(chartFor('stats count(*) by', [{ n: '1' }]).kind).toBe('none');
  });

  it('quotes CSV cells with commas, quotes and line breaks', () => {
    expect(toCsv([{ a: 'x,y', b: 'say "hi"' }, { a: 'line\nbreak' }], ['a', 'b'])).toBe('a,b\n"x,y","say ""hi"""\n"line\nbreak",\n');
  });
});

describe("a record's pod", () => {
  it('is named by the Fluentd fields, or by Container Insights performance fields', () => {
    expect(recordPod({ 'kubernetes.pod_name': 'backend-app-7d9f-x2x4q', 'kubernetes.namespace_name': 'eks-work', log: 'a' })).toEqual({ namespace: 'eks-work', name: 'backend-app-7d9f-x2x4q' });
    expect(recordPod({ PodName: 'frontend-web', Namespace: 'eks-work' })).toEqual({ namespace: 'eks-work', name: 'frontend-web' });
  });

  it("takes the query's one namespace when the record does not carry its own, and none without either", () => {
    expect(recordPod({ 'kubernetes.pod_name': 'p' }, 'eks-work')).toEqual({ namespace: 'eks-work', name: 'p' });
    expect(recordPod({ 'kubernetes.pod_name': 'p', 'kubernetes.namespace_name': 'other' }, 'eks-work')).toEqual({ namespace: 'other', name: 'p' });
    expect(recordPod({ 'kubernetes.pod_name': 'p' })).toBeUndefined();
    expect(recordPod({ log: 'a' }, 'eks-work')).toBeUndefined();
  });

  it("reads the namespace from a query that keeps exactly one, as the links' queries do", () => {
    expect(queryNamespace('fields @timestamp, kubernetes.pod_name, log\n| filter kubernetes.namespace_name = "eks-work" and kubernetes.pod_name = "p"')).toBe('eks-work');
    expect(queryNamespace('filter kubernetes.namespace_name = "a" or kubernetes.namespace_name = "b"')).toBeUndefined();
    expect(queryNamespace('filter kubernetes.namespace_name != "a"')).toBeUndefined();
    expect(queryNamespace('fields @timestamp, log')).toBeUndefined();
  });
});
