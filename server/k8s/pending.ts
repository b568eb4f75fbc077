import 'server-only';
import type { ErrorObject } from '../errors';
import type { KubeClient } from './client';
import type { EventRow } from './events';
import { listAll } from './list-all';
import { activeAllocation, amountsOf, NODE_REF, nodeRow, type Amounts, type Node, type Taint } from './nodes';
import type { Pod } from './pods';
import { podRequests } from '@/lib/k8s/resources';
import { parseSchedulingMessage, type SchedulingMessage } from '@/lib/k8s/scheduling-message';
import { section, type Section } from './section';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** What of a pod's spec decides which nodes may take it. */
export interface PlacementSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } };
}

/** The upstream Toleration.ToleratesTaint: an empty key with Exists tolerates every key; an empty effect every effect. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** The first taint the scheduler's TaintToleration filter rejects the pod for: NoSchedule and NoExecute only, as upstream. */
export function untoleratedTaint(taints: Taint[], tolerations: Toleration[]): Taint | undefined {
  return taints.find((taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerations.some((t) => tolerates(t, taint)));
}

function requirementHolds(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = Number.parseInt(value ?? '', 10);
      const want = Number.parseInt(values[0] ?? '', 10);
      if (value === undefined || !/^-?\d+$/.test(value) || Number.isNaN(want)) return false;
      return requirement.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** The nodeSelector label the node lacks (no `actual`) or holds with another value, or required node affinity that no term of matches. */
export type PlacementMismatch = { kind: 'nodeSelector'; key: string; value: string; actual?: string } | { kind: 'nodeAffinity' };

/**
 * Why the node does not match the pod's nodeSelector or required node affinity (the NodeAffinity
 * filter), or undefined when it does. Terms are ORed, requirements within a term ANDed; a term
 * with no requirements matches no node, as upstream.
 */
export function placementMismatch(spec: PlacementSpec, node: { name: string; labels: Record<string, string> }): PlacementMismatch | undefined {
  for (const [key, value] of Object.entries(spec.nodeSelector ?? {})) {
    if (node.labels[key] !== value) return { kind: 'nodeSelector', key, value, ...(key in node.labels ? { actual: node.labels[key] } : {}) };
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return undefined;
  const matches = terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length + fields.length === 0) return false;
    return expressions.every((r) => requirementHolds(r, node.labels[r.key])) && fields.every((r) => requirementHolds(r, r.key === 'metadata.name' ? node.name : undefined));
  });
  return matches ? undefined : { kind: 'nodeAffinity' };
}

export interface NodeRoom {
  name: string;
  status: string;
  taints: Taint[];
  /** The taint it rejects the pod for: NoSchedule or NoExecute, not tolerated. */
  untolerated?: Taint;
  /** The node selector or required node affinity it fails. */
  mismatch?: PlacementMismatch;
  /** Cordoned (spec.unschedulable) without the pod tolerating node.kubernetes.io/unschedulable. */
  unschedulable?: true;
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
   * may not list nodes. `freeUnknown` is the API server's message saying why free room is missing (the caller may not list pods everywhere).
   */
  nodes: Section<{ largestFree?: { cpu: { node: string } & Amounts; memory: { node: string } & Amounts }; nodes: NodeRoom[]; freeUnknown?: string }>;
  /** The PersistentVolumeClaims the pod mounts, as they are now: the scheduler waits for unbound Immediate ones, and refuses missing ones. */
  claims: ClaimState[];
}

export interface ClaimState {
  name: string;
  /** Pending, Bound or Lost; absent with `error` (the API server's 404 says the claim does not exist). */
  phase?: string;
  storageClass?: string;
  requested?: string;
  volumeName?: string;
  error?: ErrorObject;
}

interface Claim {
  metadata?: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string; volumeName?: string; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string };
}

async function claimStates(client: KubeClient, pod: Pod): Promise<ClaimState[]> {
  const volumes = (pod.spec?.volumes ?? []) as { persistentVolumeClaim?: { claimName?: string } }[];
  const names = [...new Set(volumes.map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => !!n))];
  return Promise.all(
    names.map(async (name): Promise<ClaimState> => {
      const read = await section(() => client.get<Claim>({ group: '', version: 'v1', resource: 'persistentvolumeclaims', namespace: pod.metadata?.namespace, name }));
      if ('error' in read) return { name, error: read.error };
      const claim = read.data;
      // GetPersistentVolumeClaimClass: the beta annotation first.
      const storageClass = claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? claim.spec?.storageClassName;
      const requested = claim.spec?.resources?.requests?.storage;
      return {
        name,
        phase: claim.status?.phase ?? 'Pending',
        ...(storageClass ? { storageClass } : {}),
        ...(requested ? { requested } : {}),
        ...(claim.spec?.volumeName ? { volumeName: claim.spec.volumeName } : {}),
      };
    }),
  );
}

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

async function nodeRooms(client: KubeClient, requests: Amounts, spec: PlacementSpec) {
  const [nodes, pods] = await Promise.all([listAll<Node>(client, NODE_REF), section(() => activeAllocation(client))]);
  const rooms: NodeRoom[] = nodes.map((node) => {
    const row = nodeRow(node);
    const tolerations = spec.tolerations ?? [];
    const untolerated = untoleratedTaint(row.taints, tolerations);
    const mismatch = placementMismatch(spec, { name: row.name, labels: node.metadata?.labels ?? {} });
    const room: NodeRoom = {
      name: row.name,
      status: row.status,
      taints: row.taints,
      ...(untolerated ? { untolerated } : {}),
      ...(mismatch ? { mismatch } : {}),
      ...(node.spec?.unschedulable && !tolerations.some((t) => tolerates(t, UNSCHEDULABLE_TAINT)) ? { unschedulable: true as const } : {}),
      allocatable: row.allocatable,
    };
    if ('data' in pods) {
      const used = pods.data.get(row.name)?.requests ?? { cpuMillicores: 0, memoryBytes: 0 };
      room.free = amountsOf({ cpuMillicores: row.allocatable.cpuMillicores - used.cpuMillicores, memoryBytes: row.allocatable.memoryBytes - used.memoryBytes });
      room.fits = room.free.cpuMillicores >= requests.cpuMillicores && room.free.memoryBytes >= requests.memoryBytes;
    }
    return room;
  });
  if (!('data' in pods)) return { nodes: rooms, freeUnknown: pods.error.message };
  rooms.sort((a, b) => b.free!.cpuMillicores - a.free!.cpuMillicores || b.free!.memoryBytes - a.free!.memoryBytes);
  const byCpu = rooms.reduce<NodeRoom | undefined>((best, r) => (!best || r.free!.cpuMillicores > best.free!.cpuMillicores ? r : best), undefined);
  const byMemory = rooms.reduce<NodeRoom | undefined>((best, r) => (!best || r.free!.memoryBytes > best.free!.memoryBytes ? r : best), undefined);
  return {
    nodes: rooms,
    ...(byCpu && byMemory ? { largestFree: { cpu: { node: byCpu.name, ...byCpu.free! }, memory: { node: byMemory.name, ...byMemory.free! } } } : {}),
  };
}

/**
 * Why a Pending pod has not been scheduled: the scheduler's words, parsed, against the room on each
 * node. The pod's events may still be on their way: the nodes, pods and claims are read meanwhile.
 */
export async function explainPending(client: KubeClient, pod: Pod, podEvents: EventRow[] | Promise<EventRow[]>): Promise<PendingExplanation> {
  const condition = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled') as (PendingExplanation['scheduled'] & { type: string }) | undefined;
  const requests = amountsOf(podRequests(pod as never));
  const [nodes, claims, events] = await Promise.all([section(() => nodeRooms(client, requests, (pod.spec ?? {}) as PlacementSpec)), claimStates(client, pod), podEvents]);
  const event = events.find((e) => e.reason === 'FailedScheduling');
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
      ? {
          failedScheduling: {
            message: event.message,
            count: event.count,
            ...(event.lastSeen ? { lastSeen: event.lastSeen } : {}),
            ...(parseSchedulingMessage(event.message) ? { parsed: parseSchedulingMessage(event.message) } : {}),
          },
        }
      : {}),
    requests,
    nodes,
    claims,
  };
}
