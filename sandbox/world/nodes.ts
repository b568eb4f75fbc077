/**
 * EKS worker nodes: how they are registered, how the kubelet reports their
 * status, and how the node lifecycle controller reacts when it stops.
 *
 * A node's kubelet "posts" status on a heartbeat; `setKubeletPosting(world,
 * name, false)` stops it. After the node monitor grace period the lifecycle
 * controller marks the conditions Unknown and taints the node unreachable;
 * after the NoExecute toleration period the pods on it are marked for
 * deletion with reason NodeLost (kubectl shows them as Unknown).
 */
import type { KubeObject } from '../kube/store';
import { rfc3339 } from '../kube/store';
import { nodePodIndex } from './controllers/common';
import { newMilliQuantity, quantityString } from '@/lib/k8s/quantity';
import type { Controller, World } from './world';

export const ZONES = ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'] as const;
export type Zone = (typeof ZONES)[number];

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

interface InstanceType {
  cpu: number;
  /** Memory capacity in KiB as the kubelet reports it. */
  memoryKi: number;
  /** Max pods with the VPC CNI (ENIs x (IPs per ENI - 1) + 2). */
  pods: number;
}

const INSTANCE_TYPES: Record<string, InstanceType> = {
  't3.medium': { cpu: 2, memoryKi: 3943372, pods: 17 },
  'm5.large': { cpu: 2, memoryKi: 7910348, pods: 29 },
  'm5.xlarge': { cpu: 4, memoryKi: 15896524, pods: 58 },
  'm5.2xlarge': { cpu: 8, memoryKi: 32408908, pods: 58 },
};

export const KUBELET_VERSION = 'v1.32.9-eks-113cf36';
const CONTAINERD_VERSION = 'containerd://1.7.27';
const OS_IMAGE = 'Amazon Linux 2023.8.20250818';
const KERNEL_VERSION = '6.1.147-172.266.amzn2023.x86_64';

export interface NodeSpec {
  zone?: Zone;
  instanceType?: keyof typeof INSTANCE_TYPES;
  nodegroup?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** Record the kubelet's registration events (off for large generated clusters). */
  events?: boolean;
  /** Creation time; defaults to now. */
  createdAt?: Date;
}

/** How long a node may go without posting before it is marked Unknown (node-monitor-grace-period). */
export const NODE_MONITOR_GRACE_MS = 40_000;
/** Default toleration of the unreachable NoExecute taint (DefaultTolerationSeconds admission). */
export const UNREACHABLE_TOLERATION_MS = 300_000;
const MONITOR_PERIOD_MS = 5_000;

interface NodeState {
  index: number;
  /** First address of the node's /25 block; the node and its pods take addresses from it. */
  block: number;
  nodeIP: number;
  freeSlots: number[];
  usedSlots: Map<string, number>;
  posting: boolean;
  lastPostMs: number;
  unknownSinceMs?: number;
  evicted?: boolean;
}

interface Registry {
  nodes: Map<string, NodeState>;
  /** Node names in registration order: the heartbeat rotation. */
  order: string[];
  /** Nodes whose kubelet has stopped posting: the only ones the monitor checks. */
  silent: Set<string>;
  /** When the node monitor last ran. */
  lastMonitorMs?: number;
  perZone: number[];
  count: number;
}

const registries = new WeakMap<World, Registry>();

function registry(world: World): Registry {
  let r = registries.get(world);
  if (!r) registries.set(world, (r = { nodes: new Map(), order: [], silent: new Set(), perZone: [0, 0, 0], count: 0 }));
  return r;
}

const POD_SLOTS_START = 16;
const BLOCK_SIZE = 128;

// The first 128 nodes per zone take /25 blocks of the 192.168.0.0/16 VPC (a /18 per zone);
// larger generated clusters continue in 10.0.0.0/8 as a secondary CIDR.
function blockAddress(zone: number, n: number): number {
  if (n < 128) return ip4(192, 168, zone * 64 + (n >> 1), (n & 1) * BLOCK_SIZE);
  const m = n - 128;
  return ip4(10, zone * 64 + (m >> 9), (m >> 1) & 255, (m & 1) * BLOCK_SIZE);
}

function ip4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

export function formatIP(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
}

/** Registers a node the way an EKS managed node group's kubelet does. */
export function addNode(world: World, spec: NodeSpec = {}): KubeObject {
  const reg = registry(world);
  const index = reg.count++;
  const zoneIndex = spec.zone ? ZONES.indexOf(spec.zone) : index % ZONES.length;
  const zone = ZONES[zoneIndex];
  const block = blockAddress(zoneIndex, reg.perZone[zoneIndex]++);
  const nodeIP = block + 2 + Math.floor(world.random() * 12);
  const ip = formatIP(nodeIP);
  const name = `ip-${ip.replaceAll('.', '-')}.ap-northeast-2.compute.internal`;
  const instanceType = spec.instanceType ?? 'm5.large';
  const type = INSTANCE_TYPES[instanceType];
  const nodegroup = spec.nodegroup ?? 'ng-general';
  const now = spec.createdAt ?? world.now();
  const created = rfc3339(now);
  const instanceId = `i-0${randomHex(world, 16)}`;
  const state: NodeState = {
    index,
    block,
    nodeIP,
    freeSlots: Array.from({ length: BLOCK_SIZE - POD_SLOTS_START }, (_, i) => POD_SLOTS_START + i),
    usedSlots: new Map(),
    posting: true,
    lastPostMs: world.nowMs(),
  };
  reg.nodes.set(name, state);
  reg.order.push(name);
  const taints = (spec.taints ?? []).map((t) => ({ ...t }));
  const node = world.store.create('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      creationTimestamp: created,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': instanceType,
        'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'eks.amazonaws.com/nodegroup': nodegroup,
        'eks.amazonaws.com/nodegroup-image': 'ami-0c3d3c8a1b2e4f567',
        'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-0a1b2c3d4e5f67890',
        'eks.amazonaws.com/sourceLaunchTemplateVersion': '1',
        'failure-domain.beta.kubernetes.io/region': 'ap-northeast-2',
        'failure-domain.beta.kubernetes.io/zone': zone,
        'k8s.io/cloud-provider-aws': 'a94967527effcefb5f5829f529c0a1b9',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': instanceType,
        'topology.k8s.aws/zone-id': `apne2-az${zoneIndex + 1}`,
        'topology.kubernetes.io/region': 'ap-northeast-2',
        'topology.kubernetes.io/zone': zone,
        ...spec.labels,
      },
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': ip,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      providerID: `aws:///${zone}/${instanceId}`,
      ...(taints.length > 0 ? { taints } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: {
        cpu: String(type.cpu),
        'ephemeral-storage': '20893676Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${type.memoryKi}Ki`,
        pods: String(type.pods),
      },
      allocatable: {
        cpu: quantityString(newMilliQuantity(type.cpu * 1000 - reservedCpuMillis(type.cpu), 'DecimalSI')),
        'ephemeral-storage': '18181869946',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${type.memoryKi - reservedMemoryKi(type.pods)}Ki`,
        pods: String(type.pods),
      },
      conditions: readyConditions(created, created),
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'InternalDNS', address: name },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomHex(world, 32),
        systemUUID: `ec2${randomHex(world, 5)}-${randomHex(world, 4)}-${randomHex(world, 4)}-${randomHex(world, 4)}-${randomHex(world, 12)}`,
        bootID: `${randomHex(world, 8)}-${randomHex(world, 4)}-${randomHex(world, 4)}-${randomHex(world, 4)}-${randomHex(world, 12)}`,
        kernelVersion: KERNEL_VERSION,
        osImage: OS_IMAGE,
        containerRuntimeVersion: CONTAINERD_VERSION,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
      images: [],
    },
  });
  if (spec.events !== false) {
    const src = { component: 'kubelet', host: name };
    world.events.record(src, node, 'Normal', 'Starting', 'Starting kubelet.');
    for (const reason of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
      world.events.record(src, node, 'Normal', reason, `Node ${name} status is now: ${reason}`);
    }
    world.events.record(src, node, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    world.events.record({ component: 'node-controller' }, node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
    world.events.record(src, node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
  }
  return node;
}

// EKS bootstrap: 6% of the first core, 1% of the second, 0.5% of the next two, 0.25% of the rest.
function reservedCpuMillis(cores: number): number {
  const steps = [60, 10, 5, 5];
  let m = 0;
  for (let c = 0; c < cores; c++) m += c < steps.length ? steps[c] : 2.5;
  return Math.round(m);
}

// EKS bootstrap: kube-reserved 255Mi + 11Mi per pod, plus the 100Mi hard eviction threshold.
function reservedMemoryKi(maxPods: number): number {
  return (255 + 11 * maxPods + 100) * 1024;
}

function readyConditions(heartbeat: string, transition: string) {
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', heartbeat, transition),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', heartbeat, transition),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', heartbeat, transition),
    condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', heartbeat, transition),
  ];
}

function condition(type: string, status: string, reason: string, message: string, heartbeat: string, transition: string) {
  return { type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: transition, reason, message };
}

/** `n` hex digits from the world's seeded random source (ids, container IDs). */
export function randomHex(world: World, n: number): string {
  let s = '';
  while (s.length < n)
    s += Math.floor(world.random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, n);
}

/** Stops (false) or resumes (true) the kubelet's status posts, as when a node dies or comes back. */
export function setKubeletPosting(world: World, name: string, posting: boolean): void {
  const reg = registry(world);
  const state = reg.nodes.get(name);
  if (!state || state.posting === posting) return;
  state.posting = posting;
  if (posting) {
    reg.silent.delete(name);
    recover(world, name, state);
  } else {
    // The monitor saw it posting when it last ran.
    if (reg.lastMonitorMs !== undefined) state.lastPostMs = Math.max(state.lastPostMs, reg.lastMonitorMs);
    reg.silent.add(name);
  }
}

/** Whether the node's kubelet is running (posting status). */
export function isKubeletPosting(world: World, name: string): boolean {
  return registry(world).nodes.get(name)?.posting ?? false;
}

/** Whether the node is Ready (its Ready condition is True). */
export function isNodeReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

/** Takes a free pod IP on the node (VPC CNI secondary addresses); undefined when the node is unknown or full. */
export function allocatePodIP(world: World, nodeName: string, podUid: string): string | undefined {
  const state = registry(world).nodes.get(nodeName);
  if (!state) return undefined;
  const existing = state.usedSlots.get(podUid);
  if (existing !== undefined) return formatIP(state.block + existing);
  const slot = state.freeSlots.shift();
  if (slot === undefined) return undefined;
  state.usedSlots.set(podUid, slot);
  return formatIP(state.block + slot);
}

export function releasePodIP(world: World, nodeName: string, podUid: string): void {
  const state = registry(world).nodes.get(nodeName);
  const slot = state?.usedSlots.get(podUid);
  if (!state || slot === undefined) return;
  state.usedSlots.delete(podUid);
  state.freeSlots.push(slot);
}

export function nodeIP(world: World, nodeName: string): string | undefined {
  const state = registry(world).nodes.get(nodeName);
  return state ? formatIP(state.nodeIP) : undefined;
}

/**
 * How often each node's conditions get a new lastHeartbeatTime: every 40 s
 * in small clusters, stretching toward the kubelet's 5 min status report
 * frequency in large ones so heartbeats stay under ~20 writes per second.
 */
export function heartbeatIntervalMs(nodeCount: number): number {
  return Math.min(300_000, Math.max(40_000, nodeCount * 60));
}

export function createNodeLifecycle(): Controller {
  return {
    name: 'node-lifecycle',
    start(world) {
      const reg = registry(world);
      // Built now, so a node going away costs only its own pods.
      nodePodIndex(world.store);
      let cursor = 0;
      world.every(MONITOR_PERIOD_MS, () => {
        const names = reg.order;
        if (names.length === 0) return;
        // Heartbeats: a rotating slice per tick so each node is touched once per interval.
        const perTick = Math.ceil((names.length * MONITOR_PERIOD_MS) / heartbeatIntervalMs(names.length));
        const now = world.nowMs();
        for (let i = 0; i < Math.min(perTick, names.length); i++) {
          const name = names[(cursor + i) % names.length];
          const state = reg.nodes.get(name)!;
          if (state.posting && state.unknownSinceMs === undefined) heartbeat(world, name, state);
        }
        cursor = (cursor + perTick) % names.length;
        reg.lastMonitorMs = now;
        // In registration order, as a scan of every node would meet them.
        for (const name of [...reg.silent].sort((a, b) => reg.nodes.get(a)!.index - reg.nodes.get(b)!.index)) {
          const state = reg.nodes.get(name)!;
          if (state.unknownSinceMs === undefined && now - state.lastPostMs >= NODE_MONITOR_GRACE_MS) markUnknown(world, name, state);
          else if (state.unknownSinceMs !== undefined && !state.evicted && now - state.unknownSinceMs >= UNREACHABLE_TOLERATION_MS) evictPods(world, name, state);
        }
      });
      // Keep the registry in step with nodes deleted through the API.
      world.store.subscribe((event) => {
        if (event.resource !== 'nodes' || event.type !== 'DELETED') return;
        const name = event.object.metadata.name;
        if (!reg.nodes.delete(name)) return;
        reg.order.splice(reg.order.indexOf(name), 1);
        reg.silent.delete(name);
      });
    },
  };
}

function heartbeat(world: World, name: string, state: NodeState) {
  const node = world.store.get('nodes', undefined, name);
  if (!node) return;
  const now = rfc3339(world.now());
  state.lastPostMs = world.nowMs();
  // Only the conditions change; the rest of the stored node is shared, as stored objects are never changed in place.
  world.store.update('nodes', {
    ...node,
    status: { ...node.status, conditions: node.status.conditions.map((c: { lastHeartbeatTime?: string }) => ({ ...c, lastHeartbeatTime: now })) },
  });
}

function markUnknown(world: World, name: string, state: NodeState) {
  const node = world.store.get('nodes', undefined, name);
  if (!node) return;
  state.unknownSinceMs = world.nowMs();
  const now = rfc3339(world.now());
  const updated = world.store.mutate('nodes', undefined, name, (draft) => {
    for (const c of draft.status.conditions) {
      c.status = 'Unknown';
      c.reason = 'NodeStatusUnknown';
      c.message = 'Kubelet stopped posting node status.';
      c.lastTransitionTime = now;
    }
    const taints: Taint[] = (draft.spec.taints ?? []).filter((t: Taint) => t.key !== 'node.kubernetes.io/unreachable');
    taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: now });
    taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: now });
    draft.spec.taints = taints;
  });
  world.events.record({ component: 'node-controller' }, updated, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
  // MarkPodsNotReady: only the pods' Ready condition changes; container statuses keep the kubelet's last report.
  for (const pod of podsOn(world, name)) {
    world.store.mutate('pods', pod.metadata.namespace, pod.metadata.name, (draft) => {
      for (const c of draft.status?.conditions ?? []) {
        if (c.type === 'Ready' && c.status === 'True') {
          c.status = 'False';
          c.lastTransitionTime = now;
        }
      }
    });
    world.events.record({ component: 'node-controller' }, pod, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
}

function evictPods(world: World, name: string, state: NodeState) {
  state.evicted = true;
  for (const pod of podsOn(world, name)) {
    if (pod.metadata.deletionTimestamp || tolerationSecondsForever(pod)) continue;
    const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
    world.events.record({ component: 'taint-eviction-controller' }, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
    world.store.mutate('pods', pod.metadata.namespace, pod.metadata.name, (draft) => {
      // As the API server sets it for a graceful delete: when the grace period ends.
      draft.metadata.deletionTimestamp = rfc3339(new Date(world.nowMs() + grace * 1000));
      draft.metadata.deletionGracePeriodSeconds = grace;
      draft.status = { ...draft.status, reason: 'NodeLost', message: `Node ${name} which was running pod ${pod.metadata.name} is unresponsive` };
    });
  }
}

// DaemonSet pods tolerate the unreachable taint without tolerationSeconds and stay bound.
function tolerationSecondsForever(pod: KubeObject): boolean {
  return (pod.spec?.tolerations ?? []).some(
    (t: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }) =>
      (t.key === 'node.kubernetes.io/unreachable' || (t.key === undefined && t.operator === 'Exists')) && (t.effect === 'NoExecute' || t.effect === undefined) && t.tolerationSeconds === undefined,
  );
}

function recover(world: World, name: string, state: NodeState) {
  state.lastPostMs = world.nowMs();
  if (state.unknownSinceMs === undefined) return;
  state.unknownSinceMs = undefined;
  state.evicted = false;
  if (!world.store.get('nodes', undefined, name)) return;
  const now = rfc3339(world.now());
  const node = world.store.mutate('nodes', undefined, name, (draft) => {
    draft.status.conditions = readyConditions(now, now);
    const taints = (draft.spec.taints ?? []).filter((t: Taint) => t.key !== 'node.kubernetes.io/unreachable');
    if (taints.length > 0) draft.spec.taints = taints;
    else delete draft.spec.taints;
  });
  world.events.record({ component: 'kubelet', host: name }, node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
}

function podsOn(world: World, nodeName: string): KubeObject[] {
  return nodePodIndex(world.store).get(nodeName);
}
