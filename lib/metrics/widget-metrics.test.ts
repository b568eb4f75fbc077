import { describe, expect, it } from 'vitest';
import { periodForRange, widgetMetrics } from './widget-metrics';

describe('a metric widget’s metrics array', () => {
  it('resolves "." to the value at the same position of the metric before, with dimensions, defaults and options', () => {
    const entries = widgetMetrics(
      [
        ['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', 'eks-work-cluster', 'Namespace', 'eks-work', 'PodName', 'backend-app'],
        ['.', 'pod_memory_utilization', '.', '.', '.', '.', '.', '.', { stat: 'Maximum', period: 60, label: 'memory' }],
      ],
      { stat: 'Average', period: 300, region: 'ap-northeast-2' },
    );
    expect(entries).toEqual([
      {
        kind: 'metric',
        metric: {
          id: 'm1',
          namespace: 'ContainerInsights',
          metricName: 'pod_cpu_utilization',
          dimensions: { ClusterName: 'eks-work-cluster', Namespace: 'eks-work', PodName: 'backend-app' },
          stat: 'Average',
          period: 300,
          region: 'ap-northeast-2',
          label: 'pod_cpu_utilization eks-work-cluster eks-work backend-app',
          visible: true,
        },
      },
      {
        kind: 'metric',
        metric: {
          id: 'm2',
          namespace: 'ContainerInsights',
          metricName: 'pod_memory_utilization',
          dimensions: { ClusterName: 'eks-work-cluster', Namespace: 'eks-work', PodName: 'backend-app' },
          stat: 'Maximum',
          period: 60,
          region: 'ap-northeast-2',
          label: 'memory',
          visible: true,
        },
      },
    ]);
  });

  it('reads a metric without dimensions and defaults to Average over 300 seconds', () => {
    expect(widgetMetrics([['EKS/eks-work-cluster', 'ApplicationErrorCount', { id: 'errors', visible: false }]])).toEqual([
      {
        kind: 'metric',
        metric: {
          id: 'errors',
          namespace: 'EKS/eks-work-cluster',
          metricName: 'ApplicationErrorCount',
          dimensions: {},
          stat: 'Average',
          period: 300,
          region: undefined,
          label: 'ApplicationErrorCount',
          visible: false,
        },
      },
    ]);
  });

  it('reports a metric math expression as not run, with its label', () => {
    expect(widgetMetrics([[{ expression: 'm1 * 2', id: 'e1', label: 'doubled' }]])).toEqual([
      { kind: 'unsupported', id: 'e1', label: 'doubled', reason: 'metric math expressions are drawn by CloudWatch only' },
    ]);
  });

  it('refuses malformed entries with the index and the reason', () => {
    expect(() => widgetMetrics([])).toThrow('metrics is a non-empty array of metric arrays');
    expect(() => widgetMetrics([['.', 'x']])).toThrow('metrics[0]: "." at position 0 repeats nothing: the metric before has no value there');
    expect(() => widgetMetrics([['A', 'B', 'OnlyName']])).toThrow('metrics[0]: a metric is a namespace, a metric name and dimension name/value pairs');
    expect(() => widgetMetrics([['A', 'B', { stat: 'Median' }]])).toThrow('metrics[0]: "Median" is not a CloudWatch statistic');
    expect(() => widgetMetrics([['A', 'B', { period: 90 }]])).toThrow('metrics[0]: a period is 1, 5, 10, 30 or a multiple of 60 seconds');
    expect(() => widgetMetrics([['A', 'B', { id: 'X1' }]])).toThrow('metrics[0]: an id starts with a lowercase letter');
    expect(() =>
      widgetMetrics([
        ['A', 'B', { id: 'a' }],
        ['A', 'C', { id: 'a' }],
      ]),
    ).toThrow('the id "a" is used twice');
    expect(() => widgetMetrics([['A', 42]])).toThrow('metrics[0]: position 1 is a string of 1-1024 characters');
  });

  it('accepts percentiles and trimmed means as statistics', () => {
    const stats = widgetMetrics([
      ['A', 'B', { stat: 'p99' }],
      ['A', 'B', { stat: 'TM(10%:90%)' }],
    ]).map((e) => (e.kind === 'metric' ? e.metric.stat : ''));
    expect(stats).toEqual(['p99', 'TM(10%:90%)']);
  });
});

describe('period for a range', () => {
  it('keeps the period while the range has at most 1,440 points, else rounds up to whole minutes', () => {
    expect(periodForRange(60, 86400)).toBe(60);
    expect(periodForRange(60, 7 * 86400)).toBe(420);
    expect(periodForRange(300, 3600, 10)).toBe(360);
  });
});
