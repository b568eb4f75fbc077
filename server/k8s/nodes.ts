import 'server-only';
import type { KubeClient } from './client';
import type { EventRow } from './events';
import { eventsFor } from './events';
import { eachPage, listAll } from './list-all';
import { podRow, POD_REF, PROTOBUF_OR_JSON, type ObjectMeta, type Pod, type PodRow } from './pods';
import { decodePodList, pick, POD } from '@/lib/k8s/protobuf-schemas';
import { approximateFloat, formatCpu, formatMemory } from '@/lib/k8s/quantity';
import { amounts, podLimits, podRequests, type ResourceAmounts } from '@/lib/k8s/resources';
import { section, type Section } from './section';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Node {
  metadata?: ObjectMeta;
  spec?: { unschedulable?: boolean; taints?: Taint[]; providerID?: string; podCIDR?: string };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string }[];
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string; architecture?: string };
  };
}

export interface Amounts {
  cpu: string;
  memory: string;
  cpuMillicores: number;
  memoryBytes: number;
}

export interface NodeRow {
  name: string;
  /** STATUS as kubectl prints it: "Ready", "NotReady", "Unknown", with ",SchedulingDisabled" when cordoned. */
  status: string;
  ready: boolean;
  unschedulable: boolean;
  /** ROLES: "<none>" when the node has no role labels. */
  roles: string;
  createdAt: string;
  version: string;
  internalIP?: string;
  instanceType?: string;
  zone?: string;
  capacity: Amounts & { pods: number };
  allocatable: Amounts & { pods: number };
  conditions: NonNullable<NonNullable<Node['status']>['conditions']>;
  taints: Taint[];
  labels: Record<string, string>;
  /** Summed from the node's non-terminated pods, as `kubectl describe node` "Allocated resources". */
  allocated?: { requests: Amounts; limits: Amounts; pods: number };
  /** metrics.k8s.io. */
  usage?: Amounts;
}

export interface NodeList {
  items: NodeRow[];
  /** Why `allocated` is missing: the caller may not list pods in every namespace. */
  allocated: Section<true>;
  /** Why `usage` is missing: metrics.k8s.io unavailable or forbidden. */
  usage: Section<true>;
}

export const NODE_REF = { group: '', version: 'v1', resource: 'nodes' } as const;
const NODE_METRICS_REF = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' } as const;

export function amountsOf(value: ResourceAmounts): Amounts {
  return { cpu: formatCpu(value.cpuMillicores / 1000), memory: formatMemory(value.memoryBytes), cpuMillicores: value.cpuMillicores, memoryBytes: value.memoryBytes };
}

function resourceAmounts(values: Record<string, string> | undefined): Amounts & { pods: number } {
  return { ...amountsOf(amounts(values)), pods: approximateFloat(values?.pods) ?? 0 };
}

/** kubectl's node STATUS column. */
export function nodeStatus(node: Node): string {
  const conditions = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  const status = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  return node.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

/** kubectl's ROLES column: node-role.kubernetes.io/<role> and kubernetes.io/role labels. */
export function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

export function nodeRow(node: Node): NodeRow {
  const labels = node.metadata?.labels ?? {};
  const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const instanceType = labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'];
  return {
    name: node.metadata?.name ?? '',
    status: nodeStatus(node),
    ready: node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    unschedulable: node.spec?.unschedulable === true,
    roles: nodeRoles(labels),
    createdAt: node.metadata?.creationTimestamp ?? '',
    version: node.status?.nodeInfo?.kubeletVersion ?? '',
    ...(internalIP ? { internalIP } : {}),
    ...(instanceType ? { instanceType } : {}),
    ...(zone ? { zone } : {}),
    capacity: resourceAmounts(node.status?.capacity),
    allocatable: resourceAmounts(node.status?.allocatable),
    conditions: node.status?.conditions ?? [],
    taints: node.spec?.taints ?? [],
    labels,
  };
}

/** Non-terminated pods: the ones that hold their requests on a node. */
export const ACTIVE_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

type Allocated = Map<string, { requests: ResourceAmounts; limits: ResourceAmounts; pods: number }>;

/** What a node's allocation reads of a pod: where it runs and what its containers request and limit. */
const POD_ALLOCATION = pick(POD, ['spec.nodeName', 'spec.containers.resources', 'spec.initContainers.resources', 'spec.initContainers.restartPolicy', 'spec.overhead']);

/**
 * Requests and limits of every active pod on each node, by node name. The pods are read a page at a
 * time, in protobuf as far as POD_ALLOCATION goes (JSON from a server that does not write it), and
 * each page is added up and let go: 150,000 whole pods are never in memory at once.
 */
export async function activeAllocation(client: KubeClient): Promise<Allocated> {
  const byNode: Allocated = new Map();
  await eachPage<Pod>(client, POD_REF, { fieldSelector: ACTIVE_PODS }, (pods) => allocatedByNode(pods, byNode), {
    accept: PROTOBUF_OR_JSON,
    protobuf: (body) => decodePodList(body, POD_ALLOCATION),
  });
  return byNode;
}

/** Requests and limits of the active pods on each node, by node name, added to `byNode`. */
export function allocatedByNode(pods: Pod[], byNode: Allocated = new Map()): Allocated {
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node) continue;
    const entry = byNode.get(node) ?? { requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, pods: 0 };
    const requests = podRequests(pod as never);
    const limits = podLimits(pod as never);
    entry.requests.cpuMillicores += requests.cpuMillicores;
    entry.requests.memoryBytes += requests.memoryBytes;
    entry.limits.cpuMillicores += limits.cpuMillicores;
    entry.limits.memoryBytes += limits.memoryBytes;
    entry.pods += 1;
    byNode.set(node, entry);
  }
  return byNode;
}

interface NodeMetrics {
  metadata?: { name?: string };
  usage?: Record<string, string>;
}

/** Every node with kubectl's columns, what its pods request and limit, and its current usage. */
export async function listNodes(client: KubeClient): Promise<NodeList> {
  const nodes = await listAll<Node>(client, NODE_REF);
  const rows = nodes.map(nodeRow);
  const [allocated, usage] = await Promise.all([
    section(() => activeAllocation(client)),
    section(async () => (await listAll<NodeMetrics>(client, NODE_METRICS_REF)).map((m) => [m.metadata?.name ?? '', amountsOf(amounts(m.usage))] as const)),
  ]);
  if ('data' in allocated) {
    for (const row of rows) {
      const a = allocated.data.get(row.name) ?? { requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, pods: 0 };
      row.allocated = { requests: amountsOf(a.requests), limits: amountsOf(a.limits), pods: a.pods };
    }
  }
  if ('data' in usage) {
    const byName = new Map(usage.data);
    for (const row of rows) {
      const u = byName.get(row.name);
      if (u) row.usage = u;
    }
  }
  return { items: rows, allocated: 'data' in allocated ? { data: true } : allocated, usage: 'data' in usage ? { data: true } : usage };
}

export interface NodeDetail {
  node: NodeRow;
  pods: Section<PodRow[]>;
  events: Section<EventRow[]>;
}

/** One node: its row, the pods on it (all namespaces), its events. */
export async function nodeDetail(client: KubeClient, name: string, now = new Date()): Promise<NodeDetail> {
  const node = await client.get<Node>({ ...NODE_REF, name });
  const row = nodeRow(node);
  const [pods, events, usage] = await Promise.all([
    section(async () => listAll<Pod>(client, POD_REF, { fieldSelector: `spec.nodeName=${name}` })),
    section(() => eventsFor(client, { kind: 'Node', name, uid: node.metadata?.uid })),
    section(async () => client.get<NodeMetrics>({ ...NODE_METRICS_REF, name })),
  ]);
  if ('data' in pods) {
    const a = allocatedByNode(pods.data.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')).get(name);
    if (a) row.allocated = { requests: amountsOf(a.requests), limits: amountsOf(a.limits), pods: a.pods };
    else row.allocated = { requests: amountsOf({ cpuMillicores: 0, memoryBytes: 0 }), limits: amountsOf({ cpuMillicores: 0, memoryBytes: 0 }), pods: 0 };
  }
  if ('data' in usage) row.usage = amountsOf(amounts(usage.data.usage));
  return { node: row, pods: 'data' in pods ? { data: pods.data.map((p) => podRow(p, now)) } : pods, events };
}
