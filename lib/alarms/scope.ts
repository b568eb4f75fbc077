/**
 * Who may see an alarm, and what it points at. Watchdeck's AWS identity is shared, so an alarm
 * is shown to a user only when the cluster would show them what it is about: an alarm whose
 * metrics name a namespace (Container Insights' `Namespace` dimension) needs `get pods` there;
 * one about nodes or the cluster (`NodeName`, `ClusterName` alone) needs `list nodes`; one naming
 * no Kubernetes object (a log metric filter's count over every namespace's logs) needs what
 * reading every namespace's logs needs, `get pods/log` cluster-wide. A composite alarm needs all
 * its children need. Pure.
 */
import { logGroups, logsPath, nodeLogsQuery, nodePath, podLogsQuery, podPath, podsPath, workloadLogsQuery } from './links';

export type Dimensions = Record<string, string>;

export interface AlarmScope {
  /** Namespaces whose pods the alarm is about: `get pods` in each. */
  namespaces: string[];
  /** About nodes or the cluster: `list nodes`. */
  nodes: boolean;
  /** About every namespace's logs: `get pods/log` cluster-wide. */
  allNamespaces: boolean;
}

/** What a link opens, for the page to name it in its language; `label` says it in English. */
export type AlarmLinkKind = 'pod' | 'podLogs' | 'workloadPods' | 'workloadLogs' | 'namespacePods' | 'node' | 'nodeLog' | 'nodes' | 'matchingLines';

export interface AlarmLink {
  kind: AlarmLinkKind;
  /** The object or term the link names: `eks-work/backend-app-1-a`, `ip-1`, `ERROR`; "" for the Nodes page. */
  name: string;
  label: string;
  href: string;
}

/** The alarm's metric dimension sets: one for a single-metric alarm, one per MetricStat for metric math. */
export function dimensionSets(alarm: {
  Dimensions?: { Name?: string; Value?: string }[];
  Metrics?: { MetricStat?: { Metric?: { Dimensions?: { Name?: string; Value?: string }[] } } }[];
}): Dimensions[] {
  const toRecord = (dims: { Name?: string; Value?: string }[] | undefined) => Object.fromEntries((dims ?? []).filter((d) => d.Name && d.Value).map((d) => [d.Name!, d.Value!]));
  if (alarm.Metrics?.length) return alarm.Metrics.filter((m) => m.MetricStat).map((m) => toRecord(m.MetricStat!.Metric?.Dimensions));
  return [toRecord(alarm.Dimensions)];
}

/** Does the alarm belong to this cluster: its metrics name it, or name no cluster at all. */
export function belongsTo(sets: Dimensions[], cluster: string): boolean {
  const named = sets.map((d) => d.ClusterName).filter(Boolean);
  return named.length === 0 || named.includes(cluster);
}

export function scopeOf(sets: Dimensions[]): AlarmScope {
  const scope: AlarmScope = { namespaces: [], nodes: false, allNamespaces: false };
  for (const d of sets) {
    if (d.Namespace) scope.namespaces.push(d.Namespace);
    else if (d.ClusterName || d.NodeName) scope.nodes = true;
    else scope.allNamespaces = true;
  }
  if (sets.length === 0) scope.allNamespaces = true;
  scope.namespaces = [...new Set(scope.namespaces)].sort();
  return scope;
}

/** What a composite alarm needs: everything its children need. */
export function unionScope(scopes: AlarmScope[]): AlarmScope {
  return {
    namespaces: [...new Set(scopes.flatMap((s) => s.namespaces))].sort(),
    nodes: scopes.some((s) => s.nodes),
    allNamespaces: scopes.length === 0 || scopes.some((s) => s.allNamespaces),
  };
}

/** The pages an alarm's dimensions name: the pod, the workload's pods, the node, with their logs. */
export function alarmLinks(sets: Dimensions[], cluster: string): AlarmLink[] {
  const links: AlarmLink[] = [];
  const groups = logGroups(cluster);
  const add = (link: AlarmLink) => {
    if (!links.some((l) => l.href === link.href)) links.push(link);
  };
  for (const d of sets) {
    if (d.Namespace && d.FullPodName) {
      add({ kind: 'pod', name: `${d.Namespace}/${d.FullPodName}`, label: `Pod ${d.Namespace}/${d.FullPodName}`, href: podPath(cluster, d.Namespace, d.FullPodName) });
      add({ kind: 'podLogs', name: d.FullPodName, label: `Logs of ${d.FullPodName}`, href: logsPath(cluster, podLogsQuery(d.Namespace, d.FullPodName), [groups.application], '1h', d.Namespace) });
    } else if (d.Namespace && d.PodName) {
      add({ kind: 'workloadPods', name: `${d.Namespace}/${d.PodName}`, label: `Pods of ${d.Namespace}/${d.PodName}`, href: podsPath(cluster, { namespace: d.Namespace, name: d.PodName }) });
      add({ kind: 'workloadLogs', name: d.PodName, label: `Logs of ${d.PodName}`, href: logsPath(cluster, workloadLogsQuery(d.Namespace, d.PodName), [groups.application], '1h', d.Namespace) });
    } else if (d.Namespace) {
      add({ kind: 'namespacePods', name: d.Namespace, label: `Pods in ${d.Namespace}`, href: podsPath(cluster, { namespace: d.Namespace }) });
    }
    if (d.NodeName) {
      add({ kind: 'node', name: d.NodeName, label: `Node ${d.NodeName}`, href: nodePath(cluster, d.NodeName) });
      add({ kind: 'nodeLog', name: d.NodeName, label: `Kubelet log of ${d.NodeName}`, href: logsPath(cluster, nodeLogsQuery(d.NodeName), [groups.dataplane]) });
    }
    if (d.ClusterName && !d.Namespace && !d.NodeName) add({ kind: 'nodes', name: '', label: 'Nodes', href: `/c/${encodeURIComponent(cluster)}/nodes` });
  }
  return links;
}
