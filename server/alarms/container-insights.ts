import 'server-only';
/**
 * Container Insights charts for a cluster (namespace `ContainerInsights`): the cluster's and each
 * node's CPU and memory, failed nodes, and a namespace's workloads' CPU and memory. Node and
 * cluster charts need `list nodes`, a namespace's need `get pods` there, as the alarms do.
 */
import { ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { callerClient } from '../api/cluster-client';
import { awsConsoleError } from '../aws/errors';
import { cloudWatchClient } from '../aws/clients';
import { AlarmAccess } from './access';
import { periodFor, queryMetricData } from './alarms';
import type { MetricSeries } from '@/lib/alarms/types';

const NS = 'ContainerInsights';
/** Per-node and per-workload lines beyond this many make a chart unreadable. */
const MAX_LINES = 12;

export interface InsightsChart {
  id: string;
  title: string;
  unit: string;
  series: MetricSeries[];
}

export type HiddenCharts = { kind: 'cluster' } | { kind: 'pods'; namespace: string };

export interface ContainerInsights {
  cluster: string;
  namespace?: string;
  start: string;
  end: string;
  period: number;
  charts: InsightsChart[];
  /** Charts left out, each for the permission it needs: list nodes (the cluster's and nodes' charts), get pods in a namespace (its pods'). */
  hidden: HiddenCharts[];
}

async function dimensionValues(metricName: string, dims: { Name: string; Value?: string }[], key: string, skip: string[] = []): Promise<string[]> {
  const values = new Set<string>();
  let NextToken: string | undefined;
  try {
    do {
      const page = await cloudWatchClient().send(new ListMetricsCommand({ Namespace: NS, MetricName: metricName, Dimensions: [...dims, { Name: key }], NextToken }));
      for (const m of page.Metrics ?? []) {
        const names = (m.Dimensions ?? []).map((d) => d.Name);
        if (skip.some((s) => names.includes(s))) continue;
        const v = m.Dimensions?.find((d) => d.Name === key)?.Value;
        if (v) values.add(v);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (err) {
    throw awsConsoleError(err) ?? err;
  }
  return [...values].sort().slice(0, MAX_LINES);
}

function query(id: string, metricName: string, dims: Record<string, string>, stat: string, period: number, label: string): MetricDataQuery {
  return {
    Id: id,
    Label: label,
    MetricStat: { Metric: { Namespace: NS, MetricName: metricName, Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })) }, Period: period, Stat: stat },
  };
}

export async function containerInsights(request: Request, cluster: string, namespace: string | undefined, range: { start: number; end: number }): Promise<ContainerInsights> {
  const { client } = await callerClient(request, cluster);
  const access = new AlarmAccess(client);
  const period = periodFor(range.end - range.start);
  const charts: { id: string; title: string; unit: string; queries: MetricDataQuery[] }[] = [];
  const c = { ClusterName: cluster };
  const hidden: HiddenCharts[] = [];
  if (!(await access.mayView({ namespaces: [], nodes: true, allNamespaces: false }))) hidden.push({ kind: 'cluster' });
  else {
    charts.push({
      id: 'cluster-cpu',
      title: 'Node CPU utilization (cluster)',
      unit: '%',
      queries: [query('cmax', 'node_cpu_utilization', c, 'Maximum', period, 'busiest node'), query('cavg', 'node_cpu_utilization', c, 'Average', period, 'average')],
    });
    charts.push({
      id: 'cluster-memory',
      title: 'Node memory utilization (cluster)',
      unit: '%',
      queries: [query('mmax', 'node_memory_utilization', c, 'Maximum', period, 'busiest node'), query('mavg', 'node_memory_utilization', c, 'Average', period, 'average')],
    });
    charts.push({
      id: 'cluster-nodes',
      title: 'Nodes',
      unit: 'count',
      queries: [query('nodes', 'cluster_node_count', c, 'Maximum', period, 'nodes'), query('failed', 'cluster_failed_node_count', c, 'Maximum', period, 'failed nodes')],
    });
    const nodes = await dimensionValues('node_cpu_utilization', [{ Name: 'ClusterName', Value: cluster }], 'NodeName');
    if (nodes.length)
      charts.push({ id: 'node-cpu', title: 'CPU utilization by node', unit: '%', queries: nodes.map((n, i) => query(`n${i}`, 'node_cpu_utilization', { ...c, NodeName: n }, 'Average', period, n)) });
  }
  if (namespace && !(await access.mayView({ namespaces: [namespace], nodes: false, allNamespaces: false }))) hidden.push({ kind: 'pods', namespace });
  else if (namespace) {
    const workloads = await dimensionValues(
      'pod_cpu_utilization',
      [
        { Name: 'ClusterName', Value: cluster },
        { Name: 'Namespace', Value: namespace },
      ],
      'PodName',
      ['FullPodName'],
    );
    if (workloads.length) {
      const dims = (w: string) => ({ ...c, Namespace: namespace, PodName: w });
      charts.push({
        id: 'pod-cpu',
        title: `Pod CPU utilization in ${namespace} (of node capacity)`,
        unit: '%',
        queries: workloads.map((w, i) => query(`p${i}`, 'pod_cpu_utilization', dims(w), 'Average', period, w)),
      });
      charts.push({
        id: 'pod-memory',
        title: `Pod memory utilization in ${namespace} (of node capacity)`,
        unit: '%',
        queries: workloads.map((w, i) => query(`q${i}`, 'pod_memory_utilization', dims(w), 'Average', period, w)),
      });
    }
  }
  const all = charts.flatMap((ch) => ch.queries);
  const series = all.length ? await queryMetricData(all, range.start, range.end) : [];
  const byId = new Map(series.map((s) => [s.id, s]));
  return {
    cluster,
    ...(namespace ? { namespace } : {}),
    start: new Date(range.start).toISOString(),
    end: new Date(range.end).toISOString(),
    period,
    charts: charts.map((ch) => ({ id: ch.id, title: ch.title, unit: ch.unit, series: ch.queries.map((q) => byId.get(q.Id!)!).filter(Boolean) })),
    hidden,
  };
}
