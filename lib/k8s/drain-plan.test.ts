import { describe, expect, it } from 'vitest';
import {
  DAEMONSET_FATAL,
  DAEMONSET_WARNING,
  drainPlan,
  LOCAL_STORAGE_FATAL,
  LOCAL_STORAGE_WARNING,
  MIRROR_WARNING,
  UNMANAGED_FATAL,
  UNMANAGED_WARNING,
  type DrainFlags,
  type DrainPod,
} from './drain-plan';

const owned = (kind: string, name = 'owner') => [{ kind, name, controller: true }];
const pod = (name: string, extra: { owner?: string; ownerName?: string; phase?: string; emptyDir?: boolean; mirror?: boolean } = {}): DrainPod => ({
  metadata: {
    name,
    namespace: 'ns',
    ...(extra.owner ? { ownerReferences: owned(extra.owner, extra.ownerName) } : {}),
    ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'hash' } } : {}),
  },
  spec: { volumes: extra.emptyDir ? [{ name: 'tmp', emptyDir: {} }] : [] },
  status: { phase: extra.phase ?? 'Running' },
});
const at = (name: string) => ({ namespace: 'ns', name });
const flags = (set: Partial<DrainFlags> = {}): DrainFlags => ({ force: false, ignoreDaemonSets: false, deleteEmptyDirData: false, ...set });

// Expected values: k8s.io/kubectl pkg/drain/filters.go (its messages, filter order and flags) and the "cannot delete <message>" kubectl drain prints.
describe('which pods a drain evicts (kubectl drain, pkg/drain/filters.go)', () => {
  it('with --ignore-daemonsets evicts controlled and finished pods and leaves DaemonSet and mirror pods, with kubectl’s words', () => {
    const plan = drainPlan(
      [pod('web', { owner: 'ReplicaSet' }), pod('agent', { owner: 'DaemonSet' }), pod('static', { mirror: true }), pod('done', { phase: 'Succeeded' }), pod('db-0', { owner: 'StatefulSet' })],
      flags({ ignoreDaemonSets: true }),
    );
    expect(plan).toEqual({
      evict: [at('web'), at('done'), at('db-0')],
      skipped: [
        { ...at('agent'), reason: DAEMONSET_WARNING },
        { ...at('static'), reason: MIRROR_WARNING },
      ],
      warnings: [],
      refusals: [],
    });
    expect(DAEMONSET_WARNING).toBe('ignoring DaemonSet-managed Pods');
  });

  it('without --ignore-daemonsets refuses a running DaemonSet pod, while a finished one goes', () => {
    const plan = drainPlan([pod('agent', { owner: 'DaemonSet' }), pod('agent-old', { owner: 'DaemonSet', phase: 'Failed' })], flags());
    expect(plan).toEqual({ evict: [at('agent-old')], skipped: [], warnings: [], refusals: [{ message: DAEMONSET_FATAL, pods: [at('agent')] }] });
    expect(DAEMONSET_FATAL).toBe('cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)');
  });

  it('refuses emptyDir pods unless --delete-emptydir-data (then warns), the first failing filter deciding for a pod', () => {
    // bare-cache has no controller too: localStorageFilter comes first and stops the chain.
    const pods = [pod('cache', { owner: 'ReplicaSet', emptyDir: true }), pod('bare-cache', { emptyDir: true }), pod('finished-cache', { emptyDir: true, phase: 'Failed' })];
    expect(drainPlan(pods, flags())).toEqual({
      evict: [at('finished-cache')],
      skipped: [],
      warnings: [],
      refusals: [{ message: LOCAL_STORAGE_FATAL, pods: [at('cache'), at('bare-cache')] }],
    });
    expect(drainPlan(pods, flags({ deleteEmptyDirData: true }))).toEqual({
      evict: [at('cache'), at('finished-cache')],
      skipped: [],
      warnings: [{ message: LOCAL_STORAGE_WARNING, pods: [at('cache')] }],
      refusals: [{ message: UNMANAGED_FATAL, pods: [at('bare-cache')] }],
    });
    expect(LOCAL_STORAGE_FATAL).toBe('cannot delete Pods with local storage (use --delete-emptydir-data to override)');
    expect(LOCAL_STORAGE_WARNING).toBe('deleting Pods with local storage');
  });

  it('refuses pods no controller declares unless --force, which evicts them with kubectl’s warning (the last filter’s warning standing)', () => {
    const pods = [pod('bare'), pod('bare-cache', { emptyDir: true })];
    expect(drainPlan(pods, flags({ deleteEmptyDirData: true })).refusals).toEqual([{ message: UNMANAGED_FATAL, pods: [at('bare'), at('bare-cache')] }]);
    expect(drainPlan(pods, flags({ deleteEmptyDirData: true, force: true }))).toEqual({
      evict: [at('bare'), at('bare-cache')],
      skipped: [],
      warnings: [{ message: UNMANAGED_WARNING, pods: [at('bare'), at('bare-cache')] }],
      refusals: [],
    });
    expect(UNMANAGED_FATAL).toBe('cannot delete Pods that declare no controller (use --force to override)');
    expect(UNMANAGED_WARNING).toBe('deleting Pods that declare no controller');
  });

  it('treats a pod whose DaemonSet is gone as an orphan: refused with the read’s error, evicted with it as a warning under --force', () => {
    const lookup = (_ns: string, name: string) => (name === 'gone' ? { notFound: true, message: 'daemonsets.apps "gone" not found' } : undefined);
    const pods = [pod('orphan', { owner: 'DaemonSet', ownerName: 'gone' }), pod('agent', { owner: 'DaemonSet' })];
    expect(drainPlan(pods, flags({ ignoreDaemonSets: true }), lookup)).toEqual({
      evict: [],
      skipped: [{ ...at('agent'), reason: DAEMONSET_WARNING }],
      warnings: [],
      refusals: [{ message: 'cannot delete daemonsets.apps "gone" not found', pods: [at('orphan')] }],
    });
    expect(drainPlan(pods, flags({ ignoreDaemonSets: true, force: true }), lookup).warnings).toEqual([{ message: 'daemonsets.apps "gone" not found', pods: [at('orphan')] }]);
  });
});
