import { describe, expect, it } from 'vitest';
import { clusterSignals, type ClusterObjects } from './signals';

const now = new Date('2026-11-23T14:00:00Z');
const empty: ClusterObjects = { pods: [], nodes: [], hpas: [], deployments: [], jobs: [], events: [] };
const kinds = (objects: Partial<ClusterObjects>) => clusterSignals('c1', { ...empty, ...objects }, now).map((s) => [s.kind, s.severity, s.title, s.message]);

describe('cluster signals from objects', () => {
  it('a NotReady node and a node under memory pressure, with the node page and its kubelet log', () => {
    const nodes = [
      { metadata: { name: 'ip-1' }, status: { conditions: [{ type: 'Ready', status: 'Unknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: '2026-11-23T13:50:00Z' }] } },
      {
        metadata: { name: 'ip-2' },
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'MemoryPressure', status: 'True', message: 'kubelet has insufficient memory available' },
          ],
        },
      },
    ];
    expect(kinds({ nodes })).toEqual([
      ['NodeNotReady', 'critical', 'ip-1 is NotReady', 'Kubelet stopped posting node status.'],
      ['NodePressure', 'warning', 'ip-2 has MemoryPressure', 'kubelet has insufficient memory available'],
    ]);
    const [notReady] = clusterSignals('c1', { ...empty, nodes }, now);
    expect(notReady.links.object).toBe('/c/c1/nodes/ip-1');
    expect(new URL(notReady.links.logs!, 'http://x').searchParams.get('groups')).toBe('/aws/containerinsights/c1/dataplane');
  });

  it("sends a Pending pod's logs link to its events while no container has ever run, and to its log lines once one has", () => {
    const pending = (containerStatuses?: unknown[]) => ({
      metadata: { namespace: 'eks-work', name: 'batch-analytics', creationTimestamp: '2026-11-23T13:00:00Z' },
      spec: { containers: [{ name: 'analytics' }] },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }], containerStatuses },
    });
    const links = (pod: ReturnType<typeof pending>) => clusterSignals('c1', { ...empty, pods: [pod] as ClusterObjects['pods'] }, now)[0].links;
    expect(links(pending())).toEqual({
      object: '/c/c1/pods/eks-work/batch-analytics?namespace=eks-work',
      events: '/c/c1/pods/eks-work/batch-analytics?namespace=eks-work#events',
      logs: '/c/c1/pods/eks-work/batch-analytics?namespace=eks-work#events',
    });
    expect(links(pending([{ name: 'analytics', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }])).logs).toBe('/c/c1/pods/eks-work/batch-analytics?namespace=eks-work#events');
    // A container that ran before its restart has written lines: the link opens the Logs page.
    const ran = links(pending([{ name: 'analytics', restartCount: 1, state: { waiting: { reason: 'PodInitializing' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } }]));
    expect(ran.logs).toMatch(/^\/c\/c1\/logs\?/);
  });

  it('an HPA at its maximum only when a metric is above target', () => {
    const hpa = (current: number) => ({
      metadata: { namespace: 'eks-work', name: 'backend-app' },
      spec: {
        maxReplicas: 10,
        scaleTargetRef: { kind: 'Deployment', name: 'backend-app' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 10, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] },
    });
    expect(kinds({ hpas: [hpa(87)] })).toEqual([['HpaAtMax', 'warning', 'backend-app is at its maximum of 10 replicas', 'above target: cpu 87% (target 50%)']]);
    expect(kinds({ hpas: [hpa(45)] })).toEqual([]);
  });

  it('a Deployment past its progress deadline and a Job with failed pods', () => {
    const deployments = [
      {
        metadata: { namespace: 'eks-work', name: 'api', generation: 2 },
        spec: { replicas: 2 },
        status: { observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-5d9" has timed out progressing.' }] },
      },
    ];
    const jobs = [{ metadata: { namespace: 'eks-work', name: 'nightly' }, spec: { backoffLimit: 4 }, status: { failed: 2, active: 1 } }];
    expect(kinds({ deployments, jobs })).toEqual([
      ['RolloutStuck', 'critical', 'api rollout is not progressing', 'ReplicaSet "api-5d9" has timed out progressing.'],
      ['JobFailing', 'warning', 'nightly has 2 failed pods', '2 of backoffLimit 4 retries used'],
    ]);
  });

  it('a burst of Warning events counts the events of the last 10 minutes only', () => {
    const ev = (count: number, last: string) => ({ type: 'Warning', reason: 'BackOff', count, lastTimestamp: last, involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'p' } });
    expect(kinds({ events: [ev(6, '2026-11-23T13:55:00Z'), ev(4, '2026-11-23T13:59:00Z')] })).toEqual([['WarningEventBurst', 'warning', '10 Warning events for Pod p in 10 min', 'BackOff ×10']]);
    expect(kinds({ events: [ev(6, '2026-11-23T13:45:00Z'), ev(4, '2026-11-23T13:59:00Z')] })).toEqual([]);
  });

  it('a pod the scheduler calls Unschedulable signals from that moment, with its message', () => {
    const pod = (created: string) => ({
      metadata: { namespace: 'eks-work', name: 'batch', creationTimestamp: created },
      spec: { containers: [{ name: 'c' }] },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/4 nodes are available: 3 Insufficient cpu.', lastTransitionTime: '2026-11-23T13:59:58Z' }],
      },
    });
    expect(kinds({ pods: [pod('2026-11-23T13:52:00Z')] })).toEqual([['Unschedulable', 'warning', 'batch cannot be scheduled', '0/4 nodes are available: 3 Insufficient cpu.']]);
    expect(kinds({ pods: [pod('2026-11-23T13:59:57Z')] })).toEqual([['Unschedulable', 'warning', 'batch cannot be scheduled', '0/4 nodes are available: 3 Insufficient cpu.']]);
  });

  it('a pod Pending for another reason signals only after 5 minutes', () => {
    const pod = (created: string) => ({ metadata: { namespace: 'eks-work', name: 'batch', creationTimestamp: created }, spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending' } });
    expect(kinds({ pods: [pod('2026-11-23T13:52:00Z')] })).toEqual([['PendingTooLong', 'warning', 'batch Pending for 8 min', 'status Pending']]);
    expect(kinds({ pods: [pod('2026-11-23T13:56:00Z')] })).toEqual([]);
  });
});
