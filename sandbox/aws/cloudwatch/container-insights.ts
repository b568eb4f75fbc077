/**
 * What the CloudWatch agent's Container Insights publishes for the cluster every minute
 * (namespace `ContainerInsights`): cluster, node, namespace and pod metrics with the
 * dimension sets Container Insights uses. `PodName` is the pod's workload (the Deployment,
 * DaemonSet, StatefulSet or Job), `FullPodName` the pod itself.
 */
import type { KubeObject } from '../../kube/store';
import { everyNodeInTurn, runningPodsOn } from '../../world/node-agents';
import { isNodeReady } from '../../world/nodes';
import { quantityMilliValue, quantityValue } from '@/lib/k8s/quantity';
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
  return (
    String(node.spec?.providerID ?? '')
      .split('/')
      .pop() || node.metadata.name
  );
}

type Put = (metricName: string, dimensions: Record<string, string>, value: number, unit: string) => void;

function putter(world: World, sink: MetricSink, clusterName: string): Put {
  const timestamp = world.now();
  return (metricName, dimensions, value, unit) => sink.put({ namespace: CONTAINER_INSIGHTS, metricName, dimensions: { ClusterName: clusterName, ...dimensions }, timestamp, value, unit });
}

/** What each node's agent publishes about its node: running pods, CPU and memory against capacity. */
export function publishNodeInsights(world: World, sink: MetricSink, clusterName: string, nodes: Iterable<KubeObject>): void {
  const put = putter(world, sink, clusterName);
  for (const node of nodes) {
    if (!isNodeReady(node)) continue;
    const name = node.metadata.name;
    const cap = { cpu: quantityMilliValue(node.status?.capacity?.cpu), memory: quantityValue(node.status?.capacity?.memory) };
    const usage = world.metrics.nodeUsage(name);
    const dims = { InstanceId: instanceId(node), NodeName: name };
    put('node_number_of_running_pods', dims, runningPodsOn(world, name).length, 'Count');
    if (!usage || !cap.cpu || !cap.memory) continue;
    const cpu = (usage.cpu / 1e6 / cap.cpu) * 100;
    const mem = (usage.memory / cap.memory) * 100;
    // Each node's agent publishes under [ClusterName] too, so Maximum there is the busiest node.
    for (const d of [dims, {}]) {
      put('node_cpu_utilization', d, cpu, 'Percent');
      put('node_memory_utilization', d, mem, 'Percent');
    }
    put('node_cpu_usage_total', dims, usage.cpu / 1e6, 'None');
    put('node_memory_working_set', dims, usage.memory, 'Bytes');
  }
}

/** What the cluster-level agent publishes every minute: node counts, running pods per namespace, and per-pod metrics in a small cluster. */
export function publishClusterInsights(world: World, sink: MetricSink, clusterName: string): void {
  const put = putter(world, sink, clusterName);
  const nodes = [...world.store.each('nodes')];
  const runningInNamespace = new Map<string, number>();
  const pods = [...world.store.each('pods')];
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running') continue;
    runningInNamespace.set(pod.metadata.namespace!, (runningInNamespace.get(pod.metadata.namespace!) ?? 0) + 1);
  }
  put('cluster_node_count', {}, nodes.length, 'Count');
  put('cluster_failed_node_count', {}, nodes.filter((n) => !isNodeReady(n)).length, 'Count');
  for (const [ns, count] of runningInNamespace) put('namespace_number_of_running_pods', { Namespace: ns }, count, 'Count');

  if (pods.length > MAX_POD_METRICS) return;
  const capacity = new Map(nodes.map((node) => [node.metadata.name, { cpu: quantityMilliValue(node.status?.capacity?.cpu), memory: quantityValue(node.status?.capacity?.memory) }]));
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

/** Every minute on the world's clock: the cluster's figures at once, each node's in its own second of the minute. */
export function startContainerInsights(world: World, sink: MetricSink, clusterName: string): () => void {
  const stops = [
    world.every(INTERVAL_MS, () => publishClusterInsights(world, sink, clusterName)),
    everyNodeInTurn(world, INTERVAL_MS, (nodes) => publishNodeInsights(world, sink, clusterName, nodes)),
  ];
  return () => stops.forEach((stop) => stop());
}
