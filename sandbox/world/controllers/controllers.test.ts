import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../kube/store';
import { workloadControllers } from '../index';
import { World } from '../world';
import { deleteObject } from './common';
import { daemonSetManifest, deploymentManifest, serviceManifest, statefulSetManifest } from './manifests';
import { createTestKubelet } from './test-kubelet';

function world(readyAfterMs = 2_000) {
  const w = new World({ mode: 'manual', seed: 11 });
  w.add(...workloadControllers(), createTestKubelet({ readyAfterMs, terminateAfterMs: 3_000 }));
  w.start();
  return w;
}

const app = (name: string, replicas: number) => deploymentManifest({ namespace: 'eks-work', name, replicas, labels: { app: name }, podSpec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } });

function namespace(w: World, name: string) {
  w.store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
}

const count = (w: World, resource: string, ns = 'eks-work') => w.store.count(resource, ns);

describe('garbage collector', () => {
  it('deleting a Deployment removes its ReplicaSets and pods (background)', () => {
    const w = world();
    w.store.create('apps/deployments', app('web', 3));
    w.advance(10_000);
    expect([count(w, 'apps/replicasets'), count(w, 'pods')]).toEqual([1, 3]);
    w.store.delete('apps/deployments', 'eks-work', 'web');
    w.advance(0);
    expect(count(w, 'apps/replicasets')).toBe(0);
    // Bound pods terminate through their grace period.
    expect(w.store.list('pods', 'eks-work').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    w.advance(5_000);
    expect(count(w, 'pods')).toBe(0);
  });

  it('foreground deletion keeps the owner until its dependents are gone', () => {
    const w = world();
    w.store.create('apps/deployments', app('web', 2));
    w.advance(10_000);
    deleteObject(w, 'apps/deployments', w.store.get('apps/deployments', 'eks-work', 'web')!, { propagationPolicy: 'Foreground' });
    w.advance(0);
    const owner = w.store.get('apps/deployments', 'eks-work', 'web');
    expect(owner?.metadata.finalizers).toEqual(['foregroundDeletion']);
    w.advance(10_000);
    expect(w.store.get('apps/deployments', 'eks-work', 'web')).toBeUndefined();
    expect([count(w, 'apps/replicasets'), count(w, 'pods')]).toEqual([0, 0]);
  });

  it('orphan deletion releases the dependents', () => {
    const w = world();
    w.store.create('apps/deployments', app('web', 2));
    w.advance(10_000);
    deleteObject(w, 'apps/deployments', w.store.get('apps/deployments', 'eks-work', 'web')!, { propagationPolicy: 'Orphan' });
    w.advance(1_000);
    expect(w.store.get('apps/deployments', 'eks-work', 'web')).toBeUndefined();
    const [rs] = w.store.list('apps/replicasets', 'eks-work');
    expect(rs.metadata.ownerReferences).toBeUndefined();
    expect(count(w, 'pods')).toBe(2);
  });
});

describe('namespace lifecycle', () => {
  it('gives a new namespace its default ServiceAccount', () => {
    const w = world();
    namespace(w, 'team-a');
    w.advance(0);
    expect(w.store.get('serviceaccounts', 'team-a', 'default')).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team-a' } });
  });

  it('a deleted namespace is Terminating until its objects are gone, then removed', () => {
    const w = world();
    namespace(w, 'eks-work');
    w.store.create('apps/deployments', app('web', 2));
    w.advance(10_000);
    w.store.mutate('namespaces', undefined, 'eks-work', (ns) => {
      ns.metadata.deletionTimestamp = rfc3339(w.now());
    });
    w.advance(0);
    const terminating = w.store.get('namespaces', undefined, 'eks-work')!;
    expect(terminating.status.phase).toBe('Terminating');
    expect(terminating.status.conditions.find((c: { type: string }) => c.type === 'NamespaceContentRemaining').message).toBe('Some resources are remaining: pods has 2 resource instances');
    w.advance(10_000);
    expect(w.store.get('namespaces', undefined, 'eks-work')).toBeUndefined();
    expect([count(w, 'apps/deployments'), count(w, 'apps/replicasets'), count(w, 'pods'), count(w, 'serviceaccounts')]).toEqual([0, 0, 0, 0]);
  });
});

describe('endpoints and PDB status', () => {
  it('lists ready pods as addresses and the rest as notReadyAddresses', () => {
    const w = world(5_000);
    w.store.create('services', serviceManifest({ namespace: 'eks-work', name: 'web', selector: { app: 'web' }, clusterIP: '10.100.1.2', ports: [{ name: 'http', port: 80, targetPort: 8080 }] }));
    w.store.create('apps/deployments', app('web', 2));
    w.advance(1_000);
    // The stand-in kubelet gives no pod IPs; set them as the kubelet would.
    for (const [i, p] of w.store.list('pods', 'eks-work').entries()) w.store.mutate('pods', 'eks-work', p.metadata.name, (d) => void (d.status.podIP = `192.168.1.${10 + i}`));
    w.advance(0);
    const notReady = w.store.get('endpoints', 'eks-work', 'web')!;
    expect(notReady.subsets).toEqual([{ notReadyAddresses: expect.any(Array), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]);
    w.advance(10_000);
    const ready = w.store.get('endpoints', 'eks-work', 'web')!;
    expect(ready.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toEqual(['192.168.1.10', '192.168.1.11']);
    expect(ready.subsets[0].addresses[0].targetRef).toMatchObject({ kind: 'Pod', namespace: 'eks-work' });
  });

  it('PDB status counts expected pods from the Deployment scale', () => {
    const w = world();
    w.store.create('apps/deployments', app('backend-app', 3));
    w.store.create('policy/poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pdb-backend-app', namespace: 'eks-work' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'backend-app' } } },
    });
    w.advance(10_000);
    const pdb = w.store.get('policy/poddisruptionbudgets', 'eks-work', 'pdb-backend-app')!;
    expect(pdb.status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, expectedPods: 3, observedGeneration: 1 });
    expect(pdb.status.conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
  });
});

describe('daemonset and statefulset', () => {
  function node(w: World, name: string, taints?: unknown[]) {
    w.store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: taints ? { taints } : {}, status: {} });
  }

  it('runs one pod per node whose taints it tolerates, pinned with node affinity', () => {
    const w = world();
    node(w, 'node-a');
    node(w, 'node-b');
    node(w, 'node-c', [{ key: 'dedicated', value: 'true', effect: 'NoSchedule' }]);
    w.store.create('apps/daemonsets', daemonSetManifest({ namespace: 'eks-work', name: 'agent', labels: { app: 'agent' }, podSpec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } }));
    w.store.create(
      'apps/daemonsets',
      daemonSetManifest({ namespace: 'eks-work', name: 'cni', labels: { app: 'cni' }, podSpec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'cni', image: 'busybox:1.36' }] } }),
    );
    w.advance(10_000);
    const pinned = (name: string) =>
      w.store
        .list('pods', 'eks-work')
        .filter((p) => p.metadata.labels?.app === name)
        .map((p) => p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])
        .sort();
    expect(pinned('agent')).toEqual(['node-a', 'node-b']);
    expect(pinned('cni')).toEqual(['node-a', 'node-b', 'node-c']);
    expect(w.store.get('apps/daemonsets', 'eks-work', 'agent')!.status).toEqual({
      currentNumberScheduled: 2,
      numberMisscheduled: 0,
      desiredNumberScheduled: 2,
      numberReady: 2,
      observedGeneration: 1,
      updatedNumberScheduled: 2,
      numberAvailable: 2,
    });
  });

  it('follows node updates that change placement and ignores status-only ones', () => {
    const w = world();
    node(w, 'node-a');
    node(w, 'node-b');
    w.store.create('apps/daemonsets', daemonSetManifest({ namespace: 'eks-work', name: 'agent', labels: { app: 'agent' }, podSpec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } }));
    w.advance(10_000);
    const syncs: string[] = [];
    w.store.subscribe((e) => {
      if (e.resource === 'pods' && e.object.metadata.labels?.app === 'agent') syncs.push(`${e.type} ${e.object.spec.nodeName ?? ''}`);
    });
    const agentsOn = () =>
      w.store
        .list('pods', 'eks-work')
        .filter((p) => p.metadata.labels?.app === 'agent' && !p.metadata.deletionTimestamp)
        .map((p) => p.spec.nodeName)
        .sort();
    w.store.mutate('nodes', undefined, 'node-b', (n) => void (n.status = { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:10Z' }] }));
    w.advance(1_000);
    expect(syncs).toEqual([]);
    w.store.mutate('nodes', undefined, 'node-b', (n) => void (n.spec.taints = [{ key: 'dedicated', value: 'true', effect: 'NoExecute' }]));
    w.advance(1_000);
    expect(agentsOn()).toEqual(['node-a']);
    expect(w.store.get('apps/daemonsets', 'eks-work', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
    w.store.mutate('nodes', undefined, 'node-b', (n) => void delete n.spec.taints);
    w.advance(10_000);
    expect(agentsOn()).toEqual(['node-a', 'node-b']);
    expect(w.store.get('apps/daemonsets', 'eks-work', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 });
  });

  it('creates StatefulSet pods in order, each after the previous is ready, and scales down from the top', () => {
    const w = world(5_000);
    w.store.create(
      'apps/statefulsets',
      statefulSetManifest({
        namespace: 'eks-work',
        name: 'postgres',
        replicas: 3,
        serviceName: 'postgres',
        labels: { app: 'postgres' },
        podSpec: { containers: [{ name: 'pg', image: 'postgres:16' }] },
      }),
    );
    const order: [string, number][] = [];
    w.store.subscribe((e) => {
      if (e.type === 'ADDED' && e.resource === 'pods') order.push([e.object.metadata.name, w.nowMs() - Date.parse('2026-01-01T00:00:00Z')]);
    });
    w.advance(30_000);
    expect(order).toEqual([
      ['postgres-0', 0],
      ['postgres-1', 5_000],
      ['postgres-2', 10_000],
    ]);
    const pod = w.store.get('pods', 'eks-work', 'postgres-0')!;
    expect(pod.spec.hostname).toBe('postgres-0');
    expect(pod.spec.subdomain).toBe('postgres');
    expect(pod.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'postgres-0', 'apps.kubernetes.io/pod-index': '0' });
    const sts = w.store.get('apps/statefulsets', 'eks-work', 'postgres')!;
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(sts.status.currentRevision).toBe(sts.status.updateRevision);
    w.store.mutate('apps/statefulsets', 'eks-work', 'postgres', (s) => void (s.spec.replicas = 1));
    w.advance(1_000);
    // Deleted at 00:00:30 with its 30 s grace period: as the API server does, deletionTimestamp is the request time plus the grace.
    expect(w.store.get('pods', 'eks-work', 'postgres-2')!.metadata.deletionTimestamp).toBe('2026-01-01T00:01:00Z');
    expect(w.store.get('pods', 'eks-work', 'postgres-1')!.metadata.deletionTimestamp).toBeUndefined();
    w.advance(20_000);
    expect(w.store.list('pods', 'eks-work').map((p) => p.metadata.name)).toEqual(['postgres-0']);
  });
});
