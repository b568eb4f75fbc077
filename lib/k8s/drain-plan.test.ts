import { describe, expect, it } from 'vitest';
import { DAEMONSET_WARNING, drainPlan, LOCAL_STORAGE_FATAL, MIRROR_WARNING, UNMANAGED_FATAL, type DrainPod } from './drain-plan';

const owned = (kind: string) => [{ kind, name: 'owner', controller: true }];
const pod = (name: string, extra: Partial<DrainPod> & { owner?: string; phase?: string; emptyDir?: boolean; mirror?: boolean } = {}): DrainPod => ({
  metadata: {
    name,
    namespace: 'ns',
    ...(extra.owner ? { ownerReferences: owned(extra.owner) } : {}),
    ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'hash' } } : {}),
  },
  spec: { volumes: extra.emptyDir ? [{ name: 'tmp', emptyDir: {} }] : [] },
  status: { phase: extra.phase ?? 'Running' },
});

describe('which pods a drain evicts (kubectl drain --ignore-daemonsets, pkg/drain/filters.go)', () => {
  it('evicts controlled and finished pods and leaves DaemonSet and mirror pods, with kubectl’s words', () => {
    const plan = drainPlan(
      [pod('web', { owner: 'ReplicaSet' }), pod('agent', { owner: 'DaemonSet' }), pod('static', { mirror: true }), pod('done', { phase: 'Succeeded' }), pod('db-0', { owner: 'StatefulSet' })],
      { deleteEmptyDirData: false },
    );
    expect(plan).toEqual({
      evict: [
        { namespace: 'ns', name: 'web' },
        { namespace: 'ns', name: 'done' },
        { namespace: 'ns', name: 'db-0' },
      ],
      skipped: [
        { namespace: 'ns', name: 'agent', reason: DAEMONSET_WARNING },
        { namespace: 'ns', name: 'static', reason: MIRROR_WARNING },
      ],
      refusals: [],
    });
  });

  it('refuses emptyDir pods unless delete-emptydir-data, and pods without a controller, as kubectl’s fatal errors', () => {
    const pods = [pod('cache', { owner: 'ReplicaSet', emptyDir: true }), pod('bare'), pod('finished-cache', { emptyDir: true, phase: 'Failed' })];
    expect(drainPlan(pods, { deleteEmptyDirData: false })).toEqual({
      evict: [{ namespace: 'ns', name: 'finished-cache' }],
      skipped: [],
      refusals: [
        { message: UNMANAGED_FATAL, pods: [{ namespace: 'ns', name: 'bare' }] },
        { message: LOCAL_STORAGE_FATAL, pods: [{ namespace: 'ns', name: 'cache' }] },
      ],
    });
    expect(drainPlan(pods, { deleteEmptyDirData: true }).refusals).toEqual([{ message: UNMANAGED_FATAL, pods: [{ namespace: 'ns', name: 'bare' }] }]);
    expect(LOCAL_STORAGE_FATAL).toBe('cannot delete Pods with local storage (use --delete-emptydir-data to override)');
    expect(UNMANAGED_FATAL).toBe('cannot delete Pods that declare no controller (use --force to override)');
  });
});
