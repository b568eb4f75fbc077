/**
 * Work each node's own agent does on a schedule (the CloudWatch agent's Container Insights, its
 * performance logs): every node once per interval, the nodes spread over the interval in one-second
 * slots by name, as agents started at different times are. A 5,000-node cluster then costs a little
 * every second instead of everything at once, which would stall the API server the sandbox serves.
 */
import type { KubeObject } from '../kube/store';
import { nodePodIndex } from './controllers/common';
import type { World } from './world';

const SLOT_MS = 1_000;

/** FNV-1a: a node keeps its slot for as long as it exists. */
function slotOf(name: string, slots: number): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0) % slots;
}

/** Runs `run` for every node once per `intervalMs`, each in its own slot; the nodes of one slot together. */
export function everyNodeInTurn(world: World, intervalMs: number, run: (nodes: KubeObject[]) => void): () => void {
  const slots = Math.max(1, Math.round(intervalMs / SLOT_MS));
  const slotByName = new Map<string, number>();
  let tick = 0;
  return world.every(intervalMs / slots, () => {
    const slot = tick++ % slots;
    const due: KubeObject[] = [];
    for (const node of world.store.each('nodes')) {
      const name = node.metadata.name;
      let s = slotByName.get(name);
      if (s === undefined) slotByName.set(name, (s = slotOf(name, slots)));
      if (s === slot) due.push(node);
    }
    if (due.length > 0) run(due);
  });
}

/** The running pods an agent on the node sees. */
export function runningPodsOn(world: World, node: string): KubeObject[] {
  return nodePodIndex(world.store)
    .get(node)
    .filter((pod) => pod.status?.phase === 'Running');
}
