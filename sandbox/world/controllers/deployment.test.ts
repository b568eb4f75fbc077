import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/store';
import { World } from '../world';
import { createDeploymentController, fenceposts } from './deployment';
import { createReplicaSetController, podsToDelete } from './replicaset';
import { createTestKubelet } from './test-kubelet';

function deployment(name: string, replicas: number, image: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'eks-work', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...extra,
    },
  };
}

function world(readyAfterMs = 3_000) {
  const w = new World({ mode: 'manual', seed: 7 });
  w.add(createDeploymentController(), createReplicaSetController(), createTestKubelet({ readyAfterMs, terminateAfterMs: 2_000 }));
  w.start();
  return w;
}

function replicaSets(w: World, name: string): KubeObject[] {
  return w.store.list('apps/replicasets', 'eks-work').filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
}

function events(w: World, reason: string): string[] {
  return w.store
    .list('events', 'eks-work')
    .filter((e) => e.reason === reason)
    .map((e) => e.message);
}

describe('deployment controller', () => {
  it('creates <deployment>-<hash> ReplicaSet, its pods, and reports availability', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('backend-app', 3, 'backend-app:1.4.2'));
    w.advance(10_000);
    const [rs] = replicaSets(w, 'backend-app');
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`backend-app-${hash}`);
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'backend-app', 'pod-template-hash': hash } });
    const pods = w.store.list('pods', 'eks-work');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^backend-app-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const d = w.store.get('apps/deployments', 'eks-work', 'backend-app')!;
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status.unavailableReplicas).toBeUndefined();
    expect(d.status.conditions.map((c: { type: string; status: string; reason: string; message: string }) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
    ]);
    expect(events(w, 'ScalingReplicaSet')).toEqual([`Scaled up replica set ${rs.metadata.name} from 0 to 3`]);
    expect(events(w, 'SuccessfulCreate')).toHaveLength(3);
    expect(events(w, 'SuccessfulCreate')[0]).toMatch(new RegExp(`^Created pod: ${rs.metadata.name}-`));
  });

  it('rounds maxSurge up and maxUnavailable down', () => {
    const d = (replicas: number, s: string, u: string) => ({ spec: { replicas, strategy: { rollingUpdate: { maxSurge: s, maxUnavailable: u } } } }) as unknown as KubeObject;
    expect(fenceposts(d(3, '25%', '25%'))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(fenceposts(d(10, '25%', '25%'))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(fenceposts(d(3, '0%', '0%'))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('a rolling update never exceeds maxSurge or goes below maxUnavailable at any step', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('web', 10, 'web:1'));
    w.advance(30_000);
    const { maxSurge, maxUnavailable } = { maxSurge: 3, maxUnavailable: 2 };
    const violations: string[] = [];
    let maxTotal = 0;
    let minAvailable = Infinity;
    w.store.subscribe(() => {
      const rss = replicaSets(w, 'web');
      const total = rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      const pods = w.store.list('pods', 'eks-work').filter((p) => !p.metadata.deletionTimestamp);
      const available = pods.filter((p) => p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')).length;
      maxTotal = Math.max(maxTotal, total, pods.length);
      minAvailable = Math.min(minAvailable, available);
      if (total > 10 + maxSurge) violations.push(`replicas ${total}`);
      if (pods.length > 10 + maxSurge) violations.push(`pods ${pods.length}`);
      if (available < 10 - maxUnavailable) violations.push(`available ${available}`);
    });
    w.store.mutate('apps/deployments', 'eks-work', 'web', (d) => {
      d.spec.template.spec.containers[0].image = 'web:2';
    });
    w.advance(120_000);
    expect(violations).toEqual([]);
    expect(maxTotal).toBe(13);
    expect(minAvailable).toBe(8);
    const rss = replicaSets(w, 'web');
    expect(rss.map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas, rs.metadata.annotations!['deployment.kubernetes.io/revision']]).sort()).toEqual([
      ['web:1', 0, '1'],
      ['web:2', 10, '2'],
    ]);
    const d = w.store.get('apps/deployments', 'eks-work', 'web')!;
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
  });

  it('rolling back to an old template reuses the old ReplicaSet with a new revision', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('web', 2, 'web:1'));
    w.advance(20_000);
    const first = replicaSets(w, 'web')[0].metadata.name;
    w.store.mutate('apps/deployments', 'eks-work', 'web', (d) => void (d.spec.template.spec.containers[0].image = 'web:2'));
    w.advance(60_000);
    // kubectl rollout undo sends the old template as a patch, with metadata.creationTimestamp: null.
    w.store.mutate('apps/deployments', 'eks-work', 'web', (d) => {
      d.spec.template.spec.containers[0].image = 'web:1';
      d.spec.template.metadata.creationTimestamp = null;
    });
    w.advance(60_000);
    const rss = replicaSets(w, 'web');
    expect(rss).toHaveLength(2);
    const old = rss.find((rs) => rs.metadata.name === first)!;
    expect(old.spec.replicas).toBe(2);
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(w.store.get('apps/deployments', 'eks-work', 'web')!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('Recreate scales the old ReplicaSet to zero before creating new pods', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('db', 2, 'db:1', { strategy: { type: 'Recreate' } }));
    w.advance(20_000);
    let overlap = false;
    w.store.subscribe(() => {
      const images = new Set(w.store.list('pods', 'eks-work').map((p) => p.spec.containers[0].image));
      if (images.size > 1) overlap = true;
    });
    w.store.mutate('apps/deployments', 'eks-work', 'db', (d) => void (d.spec.template.spec.containers[0].image = 'db:2'));
    w.advance(30_000);
    expect(overlap).toBe(false);
    expect(w.store.list('pods', 'eks-work').map((p) => p.spec.containers[0].image)).toEqual(['db:2', 'db:2']);
  });

  it('scaling the deployment scales the ReplicaSet and records the event', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('backend-app', 3, 'backend-app:1.4.2'));
    w.advance(10_000);
    w.store.mutate('apps/deployments', 'eks-work', 'backend-app', (d) => void (d.spec.replicas = 5));
    w.advance(10_000);
    const [rs] = replicaSets(w, 'backend-app');
    expect(rs.spec.replicas).toBe(5);
    expect(rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('5');
    expect(events(w, 'ScalingReplicaSet')).toEqual([`Scaled up replica set ${rs.metadata.name} from 0 to 3`, `Scaled up replica set ${rs.metadata.name} from 3 to 5`]);
    w.store.mutate('apps/deployments', 'eks-work', 'backend-app', (d) => void (d.spec.replicas = 2));
    w.advance(10_000);
    expect(w.store.list('pods', 'eks-work')).toHaveLength(2);
    expect(events(w, 'SuccessfulDelete')).toHaveLength(3);
  });

  it('reports ProgressDeadlineExceeded when pods never become ready', () => {
    const w = world(10_000_000);
    w.store.create('apps/deployments', deployment('stuck', 1, 'stuck:1', { progressDeadlineSeconds: 60 }));
    w.advance(90_000);
    const d = w.store.get('apps/deployments', 'eks-work', 'stuck')!;
    const byType = Object.fromEntries(d.status.conditions.map((c: { type: string; reason: string; status: string }) => [c.type, `${c.status} ${c.reason}`]));
    expect(byType).toEqual({ Available: 'False MinimumReplicasUnavailable', Progressing: 'False ProgressDeadlineExceeded' });
    expect(d.status.unavailableReplicas).toBe(1);
  });
});

describe('replica set scale-down order', () => {
  const pod = (name: string, node: string | undefined, phase: string, ready: boolean, readySince = '2026-01-01T00:00:00Z', restarts = 0) =>
    ({
      metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: node ? { nodeName: node } : {},
      status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readySince }], containerStatuses: [{ restartCount: restarts }] },
    }) as unknown as KubeObject;

  it('deletes unscheduled, then pending, then unready, then doubled-up, then recently ready, then restarting pods first', () => {
    const pods = [
      pod('old-ready', 'n1', 'Running', true, '2026-01-01T00:00:00Z'),
      pod('restarting', 'n2', 'Running', true, '2026-01-01T00:00:00Z', 3),
      pod('new-ready', 'n3', 'Running', true, '2026-01-01T00:05:00Z'),
      pod('doubled-a', 'n4', 'Running', true),
      pod('doubled-b', 'n4', 'Running', true),
      pod('unready', 'n5', 'Running', false),
      pod('pending', 'n6', 'Pending', false),
      pod('unscheduled', undefined, 'Pending', false),
    ];
    expect(podsToDelete(pods, 8).map((p) => p.metadata.name)).toEqual(['unscheduled', 'pending', 'unready', 'doubled-a', 'doubled-b', 'new-ready', 'restarting', 'old-ready']);
  });
});

describe('paused deployments', () => {
  it('a paused deployment does not roll out; resuming does', () => {
    const w = world();
    w.store.create('apps/deployments', deployment('web', 2, 'web:1'));
    w.advance(20_000);
    w.store.mutate('apps/deployments', 'eks-work', 'web', (d) => {
      d.spec.paused = true;
      d.spec.template.spec.containers[0].image = 'web:2';
    });
    w.advance(20_000);
    const progressing = (d: KubeObject) => d.status.conditions.find((c: { type: string }) => c.type === 'Progressing');
    const paused = w.store.get('apps/deployments', 'eks-work', 'web')!;
    expect(progressing(paused)).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(replicaSets(w, 'web')).toHaveLength(1);
    w.store.mutate('apps/deployments', 'eks-work', 'web', (d) => void (d.spec.paused = false));
    w.advance(60_000);
    expect(
      replicaSets(w, 'web')
        .map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas])
        .sort(),
    ).toEqual([
      ['web:1', 0],
      ['web:2', 2],
    ]);
    expect(progressing(w.store.get('apps/deployments', 'eks-work', 'web')!)).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });
});
