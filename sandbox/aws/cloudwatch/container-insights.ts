/**
 * What the CloudWatch agent's Container Insights publishes for the cluster every minute
 * (namespace `ContainerInsights`): cluster, node, namespace and pod metrics with the
 * dimension sets Container Insights uses. `PodName` is the pod's workload (the Deployment,
 * DaemonSet, StatefulSet or Job), `FullPodName` the pod itself.
 */
import type { KubeObject } from '../../kube/store';
import { isNodeReady } from '../../world/nodes';
import { bytes, milliCpu } from '../../world/quantity';
import type { World } from '../../world/world';
import type { MetricSink } from '../metrics';

export const CONTAINER_INSIGHTS = 'ContainerInsights';
const INTERVAL_MS = 60_000;
/** Past this many pods only cluster, node and namespace metrics are published, as per-pod series would swamp the store. */
const MAX_POD_METRICS = 3_000;

/** The workload a pod belongs to, as Container Insights names it in `PodName`. */
export function workloadName(pod: KubeObject): string {
  const owner = (pod.metadata.ownerReferences ?? []).find((o: { controller?: boolean }) => o.controller) as { kind: string; name: string } | undefined;
  if (!owner) return pod.metadata.name;
  // A ReplicaSet is named <deployment>-<pod-template-hash>.
  if (owner.kind === 'ReplicaSet') return owner.name.replace(/-[a-z0-9]{6,10}$/, '');
  return owner.name;
}

function instanceId(node: KubeObject): string {
  return String(node.spec?.providerID ?? '').split('/').pop() || node.metadata.name;
}

export function publishContainerInsights(world: World, sink: MetricSink, clusterName: string): void {
  const timestamp = world.now();
  const put = (metricName: string, dimensions: Record<string, string>, value: number, unit: string) =>
    sink.put({ namespace: CONTAINER_INSIGHTS, metricName, dimensions: { ClusterName: clusterName, ...dimensions }, timestamp, value, unit });

  const nodes = [...world.store.each('nodes')];
  const capacity = new Map<string, { cpu: number; memory: number }>();
  const runningOnNode = new Map<string, number>();
  const runningInNamespace = new Map<string, number>();
  const pods = [...world.store.each('pods')];
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running') continue;
    const node = pod.spec?.nodeName as string | undefined;
    if (node) runningOnNode.set(node, (runningOnNode.get(node) ?? 0) + 1);
    runningInNamespace.set(pod.metadata.namespace!, (runningInNamespace.get(pod.metadata.namespace!) ?? 0) + 1);
  }

  let failed = 0;
  for (const node of nodes) {
    const name = node.metadata.name;
    const cap = { cpu: milliCpu(node.status?.capacity?.cpu), memory: bytes(node.status?.capacity?.memory) };
    capacity.set(name, cap);
    if (!isNodeReady(node)) {
      failed++;
      continue;
    }
    const usage = world.metrics.nodeUsage(name);
    const dims = { InstanceId: instanceId(node), NodeName: name };
    put('node_number_of_running_pods', dims, runningOnNode.get(name) ?? 0, 'Count');
    if (!usage || !cap.cpu || !cap.memory) continue;
    const cpu = ((usage.cpu / 1e6) / cap.cpu) * 100;
    const mem = (usage.memory / cap.memory) * 100;
    // Each node's agent publishes under [ClusterName] too, so Maximum there is the busiest node.
    for (const d of [dims, {}]) {
      put('node_cpu_utilization', d, cpu, 'Percent');
      put('node_memory_utilization', d, mem, 'Percent');
    }
    put('node_cpu_usage_total', dims, usage.cpu / 1e6, 'None');
    put('node_memory_working_set', dims, usage.memory, 'Bytes');
  }
  put('cluster_node_count', {}, nodes.length, 'Count');
  put('cluster_failed_node_count', {}, failed, 'Count');
  for (const [ns, count] of runningInNamespace) put('namespace_number_of_running_pods', { Namespace: ns }, count, 'Count');

  if (pods.length > MAX_POD_METRICS) return;
  for (const pod of pods) {
    const ns = pod.metadata.namespace!;
    const nodeName = pod.spec?.nodeName as string | undefined;
    if (!nodeName) continue;
    const workload = { Namespace: ns, PodName: workloadName(pod) };
    const full = { ...workload, FullPodName: pod.metadata.name };
    const restarts = ((pod.status?.containerStatuses ?? []) as { restartCount?: number }[]).reduce((n, c) => n + (c.restartCount ?? 0), 0);
    put('pod_number_of_container_restarts', workload, restarts, 'Count');
    put('pod_number_of_container_restarts', full, restarts, 'Count');
    const usage = world.metrics.podUsage(ns, pod.metadata.name);
    const cap = capacity.get(nodeName);
    if (!usage || !cap?.cpu || !cap.memory) continue;
    const cpu = usage.reduce((n, c) => n + c.cpu, 0) / 1e6;
    const memory = usage.reduce((n, c) => n + c.memory, 0);
    for (const dims of [workload, full]) {
      put('pod_cpu_utilization', dims, (cpu / cap.cpu) * 100, 'Percent');
      put('pod_memory_utilization', dims, (memory / cap.memory) * 100, 'Percent');
    }
  }
}

/** Publishes every minute on the world's clock. */
export function startContainerInsights(world: World, sink: MetricSink, clusterName: string): () => void {
  return world.every(INTERVAL_MS, () => publishContainerInsights(world, sink, clusterName));
}
