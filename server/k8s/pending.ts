import 'server-only';
import type { KubeClient } from './client';
import type { EventRow } from './events';
import { listAll } from './list-all';
import { ACTIVE_PODS, allocatedByNode, amountsOf, NODE_REF, nodeRow, type Amounts, type Node, type Taint } from './nodes';
import { POD_REF, type Pod } from './pods';
import { podRequests } from './resources';
import { parseSchedulingMessage, type SchedulingMessage } from './scheduling-message';
import { section, type Section } from './section';

export interface NodeRoom {
  name: string;
  status: string;
  taints: Taint[];
  allocatable: Amounts;
  /** Allocatable less what the node's active pods request; absent when the caller may not list every pod. */
  free?: Amounts;
  /** The pod's requests fit in `free`. */
  fits?: boolean;
}

export interface PendingExplanation {
  /** The PodScheduled condition, as the scheduler last set it. */
  scheduled?: { status: string; reason?: string; message?: string; lastTransitionTime?: string; parsed?: SchedulingMessage };
  /** The newest FailedScheduling event, its message parsed into its parts. */
  failedScheduling?: { message: string; count: number; lastSeen?: string; parsed?: SchedulingMessage };
  /** What the pod asks of a node (effective requests: init containers, sidecars and overhead counted). */
  requests: Amounts;
  /**
   * The nodes the caller can see with their free room, largest first. Its error says the caller
   * may not list nodes. `freeUnknown` says why free room is missing (the caller may not list pods everywhere).
   */
  nodes: Section<{ largestFree?: { cpu: { node: string } & Amounts; memory: { node: string } & Amounts }; nodes: NodeRoom[]; freeUnknown?: string }>;
}

async function nodeRooms(client: KubeClient, requests: Amounts) {
  const nodes = await listAll<Node>(client, NODE_REF);
  const pods = await section(async () => allocatedByNode(await listAll<Pod>(client, POD_REF, { fieldSelector: ACTIVE_PODS })));
  const rooms: NodeRoom[] = nodes.map((node) => {
    const row = nodeRow(node);
    const room: NodeRoom = { name: row.name, status: row.status, taints: row.taints, allocatable: row.allocatable };
    if ('data' in pods) {
      const used = pods.data.get(row.name)?.requests ?? { cpuMillicores: 0, memoryBytes: 0 };
      room.free = amountsOf({ cpuMillicores: row.allocatable.cpuMillicores - used.cpuMillicores, memoryBytes: row.allocatable.memoryBytes - used.memoryBytes });
      room.fits = room.free.cpuMillicores >= requests.cpuMillicores && room.free.memoryBytes >= requests.memoryBytes;
    }
    return room;
  });
  if (!('data' in pods)) return { nodes: rooms, freeUnknown: `free room is unknown: ${pods.error.message}` };
  rooms.sort((a, b) => b.free!.cpuMillicores - a.free!.cpuMillicores || b.free!.memoryBytes - a.free!.memoryBytes);
  const byCpu = rooms.reduce<NodeRoom | undefined>((best, r) => (!best || r.free!.cpuMillicores > best.free!.cpuMillicores ? r : best), undefined);
  const byMemory = rooms.reduce<NodeRoom | undefined>((best, r) => (!best || r.free!.memoryBytes > best.free!.memoryBytes ? r : best), undefined);
  return {
    nodes: rooms,
    ...(byCpu && byMemory ? { largestFree: { cpu: { node: byCpu.name, ...byCpu.free! }, memory: { node: byMemory.name, ...byMemory.free! } } } : {}),
  };
}

/** Why a Pending pod has not been scheduled: the scheduler's words, parsed, against the room on each node. */
export async function explainPending(client: KubeClient, pod: Pod, events: EventRow[]): Promise<PendingExplanation> {
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled') as PendingExplanation['scheduled'] & { type: string } | undefined;
  const event = events.find((e) => e.reason === 'FailedScheduling');
  const requests = amountsOf(podRequests(pod as never));
  return {
    ...(condition
      ? {
          scheduled: {
            status: condition.status,
            ...(condition.reason ? { reason: condition.reason } : {}),
            ...(condition.message ? { message: condition.message } : {}),
            ...(condition.lastTransitionTime ? { lastTransitionTime: condition.lastTransitionTime } : {}),
            // The scheduler writes the same fit error here; it outlives the event, which expires after an hour.
            ...(condition.message && parseSchedulingMessage(condition.message) ? { parsed: parseSchedulingMessage(condition.message) } : {}),
          },
        }
      : {}),
    ...(event
      ? { failedScheduling: { message: event.message, count: event.count, ...(event.lastSeen ? { lastSeen: event.lastSeen } : {}), ...(parseSchedulingMessage(event.message) ? { parsed: parseSchedulingMessage(event.message) } : {}) } }
      : {}),
    requests,
    nodes: await section(() => nodeRooms(client, requests)),
  };
}
