import 'server-only';
import { canI } from '../k8s/access-reviews';
import type { KubeClient } from '../k8s/client';
import { namespaceChoices } from '../k8s/namespaces';
import type { LogAccess } from '@/lib/logs/restrict';

const canReadLogs = (client: KubeClient, namespace: string) => canI(client, { verb: 'get', resource: 'pods', subresource: 'log', namespace });

/**
 * Whose container logs the caller may read through Watchdeck's shared AWS identity: everyone's
 * when the API server lets them `get pods/log` in every namespace; otherwise the namespaces they
 * can use (as the namespace picker chooses them) in which it lets them `get pods/log`.
 */
export async function logAccess(client: KubeClient): Promise<LogAccess> {
  if (await canReadLogs(client, '')) return { clusterWide: true };
  const { namespaces } = await namespaceChoices(client, []);
  const allowed: string[] = [];
  // In batches, so a cluster of hundreds of namespaces does not open hundreds of requests at once.
  for (let i = 0; i < namespaces.length; i += 20) {
    const batch = namespaces.slice(i, i + 20);
    const reviews = await Promise.all(batch.map((n) => canReadLogs(client, n.name)));
    batch.forEach((n, k) => reviews[k] && allowed.push(n.name));
  }
  return { clusterWide: false, namespaces: allowed.sort() };
}

/** Where Container Insights' Fluentd and CloudWatch agent configuration lives. */
export const AGENT_NAMESPACE = 'amazon-cloudwatch';

/**
 * Who may change log groups (retention, metric filters): those the API server lets `update
 * configmaps` in amazon-cloudwatch, i.e. who may already change what Fluentd ships and where.
 */
export function canEditLogGroups(client: KubeClient): Promise<boolean> {
  return canI(client, { verb: 'update', resource: 'configmaps', namespace: AGENT_NAMESPACE });
}
