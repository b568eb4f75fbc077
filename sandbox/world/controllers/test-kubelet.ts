/**
 * For controller tests: a minimal stand-in for scheduler and kubelet that
 * binds new pods, makes them Running and Ready after `readyAfterMs`, and
 * removes terminating pods after `terminateAfterMs`. Observes nothing else.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';

export interface TestKubeletOptions {
  readyAfterMs?: number;
  terminateAfterMs?: number;
  /** Pods for which this returns a phase finish that way (Succeeded/Failed) once running. */
  finish?: (pod: KubeObject) => { phase: 'Succeeded' | 'Failed'; afterMs: number; reason?: string; exitCode?: number } | undefined;
  node?: string;
}

export function createTestKubelet(options: TestKubeletOptions = {}): Controller {
  const readyAfter = options.readyAfterMs ?? 1_000;
  const terminateAfter = options.terminateAfterMs ?? 1_000;
  return {
    name: 'test-kubelet',
    start(world: World) {
      const store = world.store;
      const seen = new Set<string>();
      store.subscribe((e) => {
        if (e.resource !== 'pods' || e.type === 'DELETED') return;
        const pod = e.object;
        const key = `${pod.metadata.uid}`;
        if (pod.metadata.deletionTimestamp && !seen.has(`${key}/deleting`)) {
          seen.add(`${key}/deleting`);
          world.after(terminateAfter, () => {
            const cur = store.get('pods', pod.metadata.namespace, pod.metadata.name);
            if (cur?.metadata.uid === pod.metadata.uid) store.delete('pods', pod.metadata.namespace, pod.metadata.name);
          });
          return;
        }
        if (seen.has(key)) return;
        seen.add(key);
        const pinned = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
        world.after(0, () => bind(world, pod, pinned ?? options.node ?? pod.spec?.nodeName ?? 'node-1'));
        world.after(readyAfter, () => run(world, pod, options));
      });
    },
  };
}

function current(world: World, pod: KubeObject): KubeObject | undefined {
  const cur = world.store.get('pods', pod.metadata.namespace, pod.metadata.name);
  return cur && cur.metadata.uid === pod.metadata.uid && !cur.metadata.deletionTimestamp ? cur : undefined;
}

function bind(world: World, pod: KubeObject, node: string) {
  const cur = current(world, pod);
  if (!cur || cur.spec.nodeName) return;
  world.store.update('pods', { ...cur, spec: { ...cur.spec, nodeName: node } });
}

function run(world: World, pod: KubeObject, options: TestKubeletOptions) {
  const cur = current(world, pod);
  if (!cur) return;
  const now = rfc3339(world.now());
  const containers = (cur.spec.containers ?? []) as { name: string; image: string }[];
  world.store.update('pods', {
    ...cur,
    status: {
      ...cur.status,
      phase: 'Running',
      startTime: now,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'True', lastTransitionTime: now },
      ],
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: now } } })),
    },
  });
  const finish = options.finish?.(cur);
  if (finish) {
    world.after(finish.afterMs, () => {
      const p = current(world, pod);
      if (!p) return;
      const at = rfc3339(world.now());
      world.store.update('pods', {
        ...p,
        status: {
          ...p.status,
          phase: finish.phase,
          conditions: (p.status.conditions as { type: string }[]).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', lastTransitionTime: at } : c)),
          containerStatuses: containers.map((c) => ({
            name: c.name,
            image: c.image,
            ready: false,
            restartCount: 0,
            started: false,
            state: {
              terminated: { exitCode: finish.exitCode ?? (finish.phase === 'Succeeded' ? 0 : 1), reason: finish.reason ?? (finish.phase === 'Succeeded' ? 'Completed' : 'Error'), finishedAt: at },
            },
          })),
        },
      });
    });
  }
}
