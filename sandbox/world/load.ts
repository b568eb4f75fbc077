/**
 * CPU and memory in use, as metrics-server would scrape it from the
 * kubelets every 15 s: a demand set per workload (namespace + labels) is
 * spread over its ready pods, every running container adds its idle
 * baseline, CPU is throttled at the container's limit, and memory over the
 * limit gets the container OOM-killed by its kubelet.
 *
 * Usage is computed lazily per 15 s window and cached, so a 150,000-pod
 * cluster costs nothing until someone asks (kubectl top), and no pod holds
 * a timer.
 */
import type { KubeObject } from '../kube/store';
import { nodePodIndex, type ObjectIndex } from './controllers/common';
import { lookupImage } from './images';
import { kubeletRuntime } from './kubelet';
import { isNodeReady } from './nodes';
import { quantityMilliValue, quantityValue } from '@/lib/k8s/quantity';
import type { Controller, ContainerUsage, MetricsSource, World } from './world';

export interface LoadModel extends Controller {
  /** Total demand of the pods matching `labels` in `namespace`, spread over the ready ones. */
  setDemand(namespace: string, labels: Record<string, string>, demand: (now: Date) => { cpuMillicores: number; memoryBytes?: number }): void;
}

export const METRICS_RESOLUTION_MS = 15_000;
/** kubelet, containerd and the OS on each node. */
const SYSTEM_CPU_MILLIS = 65;
const SYSTEM_MEMORY = 620 * 1024 * 1024;
const MiB = 1024 * 1024;

interface Demand {
  namespace: string;
  labels: Record<string, string>;
  fn: (now: Date) => { cpuMillicores: number; memoryBytes?: number };
}

interface Share {
  cpu: number;
  memory: number;
}

interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export function createLoadModel(): LoadModel {
  const demands = new Map<string, Demand>();
  let model: Load | undefined;
  return {
    name: 'load-model',
    setDemand(namespace, labels, fn) {
      demands.set(`${namespace}\u0000${JSON.stringify(Object.entries(labels).sort())}`, { namespace, labels, fn });
      model?.refresh();
    },
    start(world) {
      model = new Load(world, demands);
      world.metrics = model;
      model.start();
    },
  };
}

class Load implements MetricsSource {
  readonly windowSeconds = METRICS_RESOLUTION_MS / 1000;
  private shares = new Map<string, Share>();
  private podCache = new Map<string, ContainerUsage[] | null>();
  private nodeCache = new Map<string, { cpu: number; memory: number } | null>();
  private scrapedAt = 0;
  private readonly podsOnNode: ObjectIndex;
  private readonly baselines = new Map<string, Baseline>();
  private readonly baselineOf = new WeakMap<ContainerSpec, Baseline>();

  constructor(
    private readonly world: World,
    private readonly demands: Map<string, Demand>,
  ) {
    this.podsOnNode = nodePodIndex(world.store);
  }

  start() {
    this.refresh();
    this.world.every(METRICS_RESOLUTION_MS, () => this.refresh());
  }

  /** A new scrape: demand shares for the current window, and OOM kills for containers over their limit. */
  refresh() {
    this.scrapedAt = this.world.nowMs();
    this.podCache = new Map();
    this.nodeCache = new Map();
    const shares = new Map<string, Share>();
    const now = this.world.now();
    for (const d of this.demands.values()) {
      const ready: KubeObject[] = [];
      for (const pod of this.world.store.each('pods', d.namespace)) if (matches(pod, d.labels) && isReadyPod(pod)) ready.push(pod);
      if (ready.length === 0) continue;
      const total = d.fn(now);
      for (const pod of ready) {
        const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
        const prev = shares.get(key) ?? { cpu: 0, memory: 0 };
        shares.set(key, { cpu: prev.cpu + total.cpuMillicores / ready.length, memory: prev.memory + (total.memoryBytes ?? 0) / ready.length });
      }
    }
    this.shares = shares;
    this.killOverLimit();
  }

  private killOverLimit() {
    const runtime = kubeletRuntime(this.world);
    if (!runtime) return;
    for (const [key, share] of this.shares) {
      if (share.memory <= 0) continue;
      const [ns, name] = key.split('/');
      const pod = this.world.store.get('pods', ns, name);
      if (!pod) continue;
      const containers: ContainerSpec[] = pod.spec.containers;
      const each = share.memory / containers.length;
      for (const c of containers) {
        const limit = quantityValue(c.resources?.limits?.memory);
        if (limit > 0 && this.baseline(c).memory + each > limit) runtime.oomKill(ns, name, c.name);
      }
    }
  }

  podUsage(namespace: string, name: string): ContainerUsage[] | undefined {
    const key = `${namespace}/${name}`;
    const cached = this.podCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const usage = this.computePod(key, this.world.store.get('pods', namespace, name));
    this.podCache.set(key, usage ?? null);
    return usage;
  }

  nodeUsage(name: string): { cpu: number; memory: number } | undefined {
    const cached = this.nodeCache.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const node = this.world.store.get('nodes', undefined, name);
    let usage: { cpu: number; memory: number } | undefined;
    if (node && isNodeReady(node)) {
      const n = noise(name, this.window(), 0.15);
      usage = { cpu: SYSTEM_CPU_MILLIS * 1e6 * n, memory: SYSTEM_MEMORY * (1 + (n - 1) / 10) };
      for (const pod of this.podsOnNode.get(name)) {
        for (const c of this.podUsage(pod.metadata.namespace!, pod.metadata.name) ?? []) {
          usage.cpu += c.cpu;
          usage.memory += c.memory;
        }
      }
      usage = { cpu: Math.round(usage.cpu), memory: Math.round(usage.memory) };
    }
    this.nodeCache.set(name, usage ?? null);
    return usage;
  }

  private window(): number {
    return Math.floor(this.scrapedAt / METRICS_RESOLUTION_MS);
  }

  private computePod(key: string, pod: KubeObject | undefined): ContainerUsage[] | undefined {
    if (!pod || pod.status?.phase !== 'Running') return undefined;
    const statuses: { name: string; state?: { running?: { startedAt: string } } }[] = pod.status.containerStatuses ?? [];
    const containers: ContainerSpec[] = pod.spec.containers;
    // metrics-server has a pod only once every container has been running for a full scrape interval.
    for (const c of containers) {
      const started = statuses.find((s) => s.name === c.name)?.state?.running?.startedAt;
      if (!started || Date.parse(started) > this.scrapedAt - METRICS_RESOLUTION_MS) return undefined;
    }
    const share = this.shares.get(key) ?? { cpu: 0, memory: 0 };
    const weights = containers.map((c) => quantityMilliValue(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu) || 1);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const runtime = kubeletRuntime(this.world)?.containers(pod.metadata.namespace!, pod.metadata.name);
    const window = this.window();
    return containers.map((c, i) => {
      const base = this.baseline(c);
      const n = noise(`${pod.metadata.uid}/${c.name}`, window, 0.2);
      let cpu = (base.idle + (share.cpu * weights[i]) / totalWeight) * n;
      const cpuLimit = quantityMilliValue(c.resources?.limits?.cpu);
      if (cpuLimit > 0) cpu = Math.min(cpu, cpuLimit);
      const startedAt = runtime?.find((r) => r.name === c.name)?.startedAtMs;
      const grown = base.growth > 0 && startedAt !== undefined ? Math.min(base.maxMemory, base.memory + (base.growth * (this.scrapedAt - startedAt)) / 1000) : base.memory;
      let memory = (grown + share.memory / containers.length) * (1 + (n - 1) / 20);
      const memLimit = quantityValue(c.resources?.limits?.memory);
      if (memLimit > 0) memory = Math.min(memory, memLimit);
      return { name: c.name, cpu: Math.round(cpu * 1e6), memory: Math.round(memory / 1024) * 1024 };
    });
  }

  private baseline(c: ContainerSpec): Baseline {
    // Stored objects are immutable, so a container spec object keeps its baseline.
    let b = this.baselineOf.get(c);
    if (b) return b;
    const key = [c.image, ...(c.command ?? []), '\u0000', ...(c.args ?? [])].join('\u0001');
    b = this.baselines.get(key);
    if (!b) {
      const program = lookupImage(c.image)?.program({ command: c.command, args: c.args });
      b = {
        idle: program?.idleMillicores ?? 1,
        memory: program?.memory.baseBytes ?? 8 * MiB,
        growth: program?.memory.growthPerSecond ?? 0,
        maxMemory: program?.memory.maxBytes ?? Infinity,
      };
      this.baselines.set(key, b);
    }
    this.baselineOf.set(c, b);
    return b;
  }
}

interface Baseline {
  idle: number;
  memory: number;
  growth: number;
  maxMemory: number;
}

function matches(pod: KubeObject, labels: Record<string, string>): boolean {
  const own = pod.metadata.labels ?? {};
  for (const [k, v] of Object.entries(labels)) if (own[k] !== v) return false;
  return true;
}

function isReadyPod(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return false;
  return (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

/** A deterministic factor in [1 - spread, 1 + spread] per (subject, window). */
function noise(subject: string, window: number, spread: number): number {
  let h = 2166136261 ^ window;
  for (let i = 0; i < subject.length; i++) h = Math.imul(h ^ subject.charCodeAt(i), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507);
  h ^= h >>> 13;
  return 1 - spread + (((h >>> 0) % 10_000) / 10_000) * 2 * spread;
}
