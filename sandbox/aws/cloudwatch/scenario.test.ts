import { describe, expect, it } from 'vitest';
import { createWorld } from '../../world/index';
import { createSandboxCloudWatch } from './index';

describe('the default scenario in CloudWatch', () => {
  it('publishes Container Insights with its dimension sets and takes the node CPU alarm to ALARM at peak load and back to OK', () => {
    const world = createWorld({ seed: 7, mode: 'manual' });
    const cw = createSandboxCloudWatch(world, { clusterName: 'eks-work-cluster', scenarioAlarms: true });
    world.start();
    const alarm = () => cw.alarms.get('eks-work-cluster-node-cpu-high')!;
    // Each node's agent publishes in its own second of the minute, so the first minute already has data.
    const states: string[] = [alarm().StateValue];
    for (let minute = 1; minute <= 30; minute++) {
      world.advance(60_000);
      if (states.at(-1) !== alarm().StateValue) states.push(alarm().StateValue);
    }
    cw.stop();
    expect(states).toEqual(['INSUFFICIENT_DATA', 'OK', 'ALARM', 'OK']);
    expect(alarm().StateReason).toMatch(
      /^Threshold Crossed: \d out of the last 3 datapoints \[.*\] were not greater than the threshold \(30\.0\) \(minimum 2 datapoints for ALARM -> OK transition\)\.$/,
    );

    const sets = (name: string) =>
      cw.metrics
        .list()
        .filter((m) => m.namespace === 'ContainerInsights' && m.metricName === name)
        .map((m) => Object.keys(m.dimensions).sort().join(','));
    expect(new Set(sets('node_cpu_utilization'))).toEqual(new Set(['ClusterName', 'ClusterName,InstanceId,NodeName']));
    expect(new Set(sets('pod_cpu_utilization'))).toEqual(new Set(['ClusterName,Namespace,PodName', 'ClusterName,FullPodName,Namespace,PodName']));
    expect(sets('cluster_failed_node_count')).toEqual(['ClusterName']);
    const backend = cw.metrics.list().find((m) => m.metricName === 'pod_number_of_container_restarts' && m.dimensions.PodName === 'backend-app-canary' && !m.dimensions.FullPodName);
    expect(backend?.dimensions).toEqual({ ClusterName: 'eks-work-cluster', Namespace: 'eks-work', PodName: 'backend-app-canary' });
  });
});
