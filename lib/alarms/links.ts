/**
 * Where an on-call person goes from an alarm or a signal: the pod, workload, node or namespace
 * pages, and the Logs page with a Logs Insights query pre-filled (`query`, `groups` comma
 * separated, `range` such as `1h`). Pure: shared by the alarms and the signals.
 */

const base = (cluster: string) => `/c/${encodeURIComponent(cluster)}`;

export function podPath(cluster: string, namespace: string, name: string): string {
  return `${base(cluster)}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
}

export function podsPath(cluster: string, filter: { namespace?: string; name?: string; node?: string }): string {
  const q = new URLSearchParams();
  if (filter.namespace) q.set('namespace', filter.namespace);
  else q.set('allNamespaces', 'true');
  if (filter.name) q.set('name', filter.name);
  if (filter.node) q.set('node', filter.node);
  return `${base(cluster)}/pods?${q}`;
}

export function nodePath(cluster: string, name: string): string {
  return `${base(cluster)}/nodes/${encodeURIComponent(name)}`;
}

export function workloadPath(cluster: string, namespace: string, kind: string, name: string): string {
  return `${base(cluster)}/workloads/${encodeURIComponent(namespace)}/${kind.toLowerCase()}s/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
}

/** The Container Insights log groups Fluentd writes for a cluster. */
export function logGroups(cluster: string) {
  const prefix = `/aws/containerinsights/${cluster}`;
  return { application: `${prefix}/application`, dataplane: `${prefix}/dataplane`, host: `${prefix}/host` };
}

/** With `namespace` when the query is about one: the page keeps it as the cluster's chosen namespace. */
export function logsPath(cluster: string, query: string, groups: string[], range = '1h', namespace?: string): string {
  const q = new URLSearchParams({ query, groups: groups.join(','), range });
  if (namespace) q.set('namespace', namespace);
  return `${base(cluster)}/logs?${q}`;
}

/** A Logs Insights string literal. */
const literal = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The application log lines of one pod, newest first. */
export function podLogsQuery(namespace: string, pod: string): string {
  return [
    'fields @timestamp, kubernetes.container_name, log',
    `| filter kubernetes.namespace_name = ${literal(namespace)} and kubernetes.pod_name = ${literal(pod)}`,
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n');
}

/** The application log lines of a workload's pods (their names start with the workload's). */
export function workloadLogsQuery(namespace: string, workload: string): string {
  return [
    'fields @timestamp, kubernetes.pod_name, kubernetes.container_name, log',
    `| filter kubernetes.namespace_name = ${literal(namespace)} and kubernetes.pod_name like /^${workload.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}-/`,
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n');
}

/** The kubelet's journal of one node. */
export function nodeLogsQuery(node: string): string {
  return ['fields @timestamp, message', `| filter hostname = ${literal(node)}`, '| sort @timestamp desc', '| limit 200'].join('\n');
}

/** The seeds' ERROR_COUNT query: errors and warnings per container. */
export const ERROR_COUNT_QUERY = ['stats count(*) as ERROR_COUNT by kubernetes.container_name as APP', '| filter ( log not like /^\\[/ and (log like /WARN/ or log like /error/) )'].join('\n');

/** How long before an alarm's state change its log lines are read from. */
export const LOGS_LEAD_MINUTES = 15;

/**
 * A Logs page link from an alarm, over its state change: from LOGS_LEAD_MINUTES before `since` to
 * now (a relative range in whole minutes), with `run=1` so the query runs on arrival. Other links
 * are returned as they are.
 */
export function logsAroundTransition(href: string, since: string, now: number): string {
  const url = new URL(href, 'http://console');
  const at = Date.parse(since);
  if (!url.pathname.endsWith('/logs') || Number.isNaN(at)) return href;
  url.searchParams.set('range', `${Math.max(1, Math.ceil((now - at) / 60_000)) + LOGS_LEAD_MINUTES}m`);
  url.searchParams.set('run', '1');
  return `${url.pathname}?${url.searchParams}`;
}
