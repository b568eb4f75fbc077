import 'server-only';
/**
 * A metric widget's data as the viewer may see it. Watchdeck's AWS identity is shared, so each
 * metric goes through the alarms' rules (lib/alarms/scope.ts): a metric naming a namespace
 * needs `get pods` there, one about nodes or the cluster `list nodes`, one naming no Kubernetes
 * object `get pods/log` in every namespace. A metric the viewer may not see is refused with the
 * reason and never queried.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AlarmAccess } from '../alarms/access';
import { queryMetricData } from '../alarms/alarms';
import { belongsTo, scopeOf } from '@/lib/alarms/scope';
import { callerClient } from '../api/cluster-client';
import { awsConfig } from '../aws/clients';
import { ConsoleError } from '../errors';
import type { MetricData, MetricSeriesData } from '@/lib/metrics/types';
import { periodForRange, type WidgetEntry, type WidgetMetric } from '@/lib/metrics/widget-metrics';

/** GetMetricData answers at most 100,800 datapoints a call. */
const MAX_DATAPOINTS = 100_800;

async function refusal(access: AlarmAccess, metric: WidgetMetric, cluster: string, region: string): Promise<{ kind: 'Forbidden' | 'Unsupported'; reason: string } | undefined> {
  if (metric.region && metric.region !== region) return { kind: 'Unsupported', reason: `this metric is in ${metric.region}; Watchdeck reads CloudWatch in ${region} only` };
  if (!belongsTo([metric.dimensions], cluster)) return { kind: 'Forbidden', reason: `this metric is about cluster ${metric.dimensions.ClusterName}, not ${cluster}` };
  const requires = await access.missing(scopeOf([metric.dimensions]));
  return requires ? { kind: 'Forbidden', reason: `you may not see this metric: it needs ${requires}` } : undefined;
}

/** The widget's visible metrics over [start, end) (epoch ms); refused when the viewer may see none of them. */
export async function widgetMetricData(request: Request, cluster: string, entries: WidgetEntry[], start: number, end: number): Promise<MetricData> {
  const { region } = awsConfig();
  const { client } = await callerClient(request, cluster);
  const access = new AlarmAccess(client);
  const shown = entries.filter((e) => e.kind !== 'metric' || e.metric.visible);
  const maxPoints = Math.floor(MAX_DATAPOINTS / Math.max(1, shown.length));
  const series: MetricSeriesData[] = [];
  const queries: { metric: WidgetMetric; period: number; query: MetricDataQuery }[] = [];
  for (const entry of shown) {
    if (entry.kind === 'unsupported') {
      series.push({ id: entry.id, label: entry.label, refused: { kind: 'Unsupported', reason: entry.reason } });
      continue;
    }
    const { metric } = entry;
    const refused = await refusal(access, metric, cluster, region);
    if (refused) {
      series.push({ id: metric.id, label: metric.label, refused });
      continue;
    }
    const period = periodForRange(metric.period, (end - start) / 1000, maxPoints);
    const Dimensions = Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
    queries.push({
      metric,
      period,
      query: { Id: metric.id, Label: metric.label, MetricStat: { Metric: { Namespace: metric.namespace, MetricName: metric.metricName, Dimensions }, Period: period, Stat: metric.stat } },
    });
    series.push({ id: metric.id, label: metric.label, period, points: [] });
  }
  const refused = series.filter((s) => 'refused' in s);
  if (refused.length === series.length && refused.every((s) => 'refused' in s && s.refused.kind === 'Forbidden')) {
    throw new ConsoleError('Forbidden', 403, refused.map((s) => ('refused' in s ? `${s.label}: ${s.refused.reason}` : '')).join('; '));
  }
  if (queries.length) {
    const results = await queryMetricData(
      queries.map((q) => q.query),
      start,
      end,
    );
    const byId = new Map(results.map((r) => [r.id, r.points]));
    for (const s of series) if ('points' in s) s.points = byId.get(s.id) ?? [];
  }
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), series };
}
