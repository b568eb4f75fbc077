/**
 * The cluster's logs shipped to CloudWatch Logs the way Container Insights
 * does: every container's output into `/aws/containerinsights/<cluster>/application`
 * (Fluentd/Fluent Bit JSON with `log`, `stream`, `time` and `kubernetes.*`),
 * the kubelet's journal into `/dataplane`, the nodes' syslog into `/host`, and
 * the embedded-metric-format performance events into `/performance`.
 */
import type { KubeObject } from '../../kube/store';
import { everyNodeInTurn, runningPodsOn } from '../../world/node-agents';
import { quantityMilliValue, quantityValue } from '@/lib/k8s/quantity';
import type { World } from '../../world/world';
import type { LogStore } from './store';

export interface ShippingOptions {
  clusterName: string;
  /** How often the shipper flushes its buffers (Fluentd's flush_interval). */
  flushIntervalMs?: number;
  /** How often performance events are written (Container Insights' metrics_collection_interval). */
  metricsIntervalMs?: number;
}

export function containerInsightsGroups(clusterName: string) {
  const base = `/aws/containerinsights/${clusterName}`;
  return { application: `${base}/application`, dataplane: `${base}/dataplane`, host: `${base}/host`, performance: `${base}/performance` };
}

/** The shipper's own pods, whose output its configuration leaves out. */
const SELF = /^(fluentd|fluent-bit|cloudwatch-agent)/;

interface ContainerMeta {
  containerId: string;
  stream: string;
  /** The JSON of the `kubernetes` member, written once per container run. */
  kubernetes: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2026-01-01T00:00:00.123456789Z`: the nanosecond time CRI log lines carry. */
function criTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}${pad(((ms * 7919) % 1000000) | 0, 6)}Z`;
}

/** klog's header: `I0101 00:00:00.123456    2917 file.go:123] `. */
function klog(level: 'I' | 'W' | 'E', ms: number, source: string): string {
  const d = new Date(ms);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(ms % 1000, 3)}    2917 ${source}] `;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function syslogTime(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export class ContainerInsightsShipper {
  private readonly groups: ReturnType<typeof containerInsightsGroups>;
  private readonly buffers = new Map<string, { group: string; events: { timestamp: number; message: string }[] }>();
  private readonly meta = new Map<string, ContainerMeta>();
  private readonly stops: (() => void)[] = [];
  /** What the kubelet model last saw of each bound pod: its containers' IDs. */
  private readonly pods = new Map<string, { containers: Map<string, string>; deleting: boolean }>();

  constructor(
    private readonly world: World,
    private readonly store: LogStore,
    private readonly options: ShippingOptions,
  ) {
    this.groups = containerInsightsGroups(options.clusterName);
    for (const name of Object.values(this.groups)) store.createGroup(name);
  }

  start(): void {
    const world = this.world;
    this.stops.push(world.logs.ship((ref, line) => this.container(ref.namespace, ref.pod, ref.container, line.time.getTime(), line.stream, line.text)));
    this.stops.push(world.store.subscribe((e) => (e.resource === 'pods' ? this.kubelet(e.type, e.object) : undefined)));
    this.stops.push(world.every(this.options.flushIntervalMs ?? 5_000, () => this.flush()));
    this.stops.push(everyNodeInTurn(world, this.options.metricsIntervalMs ?? 60_000, (nodes) => this.performance(nodes)));
    this.stops.push(world.every(5 * 60_000, () => this.hostLogs(), 30_000));
    this.stops.push(world.every(60_000, () => this.store.expire()));
  }

  stop(): void {
    for (const s of this.stops.splice(0)) s();
  }

  private buffer(group: string, stream: string, timestamp: number, message: string): void {
    const key = `${group}\u0000${stream}`;
    let b = this.buffers.get(key);
    if (!b) this.buffers.set(key, (b = { group, events: [] }));
    b.events.push({ timestamp, message });
  }

  /** Sends what was buffered, as the shipper's periodic flush does. */
  flush(): void {
    for (const [key, b] of this.buffers) {
      if (b.events.length === 0) continue;
      this.store.put(b.group, key.slice(key.indexOf('\u0000') + 1), b.events);
      b.events = [];
    }
    this.buffers.clear();
  }

  private containerMeta(namespace: string, podName: string, container: string): ContainerMeta | undefined {
    const pod = this.world.store.get('pods', namespace, podName);
    if (!pod) return undefined;
    const statuses = [
      ...((pod.status?.containerStatuses as { name: string; containerID?: string }[] | undefined) ?? []),
      ...((pod.status?.initContainerStatuses as { name: string; containerID?: string }[] | undefined) ?? []),
    ];
    const containerId = (statuses.find((s) => s.name === container)?.containerID ?? '').replace(/^[a-z]+:\/\//, '');
    const key = `${namespace}/${podName}/${container}`;
    const cached = this.meta.get(key);
    if (cached && cached.containerId === containerId) return cached;
    const host: string = pod.spec?.nodeName ?? '';
    const specs = [...((pod.spec?.containers as { name: string; image: string }[]) ?? []), ...((pod.spec?.initContainers as { name: string; image: string }[]) ?? [])];
    const image = specs.find((c) => c.name === container)?.image ?? '';
    const kubernetes = {
      pod_name: podName,
      namespace_name: namespace,
      pod_id: pod.metadata.uid,
      labels: pod.metadata.labels ?? {},
      host,
      container_name: container,
      docker_id: containerId,
      container_hash: image,
      container_image: image,
    };
    const meta: ContainerMeta = {
      containerId,
      stream: `${host}-application.var.log.containers.${podName}_${namespace}_${container}-${containerId}.log`,
      kubernetes: JSON.stringify(kubernetes),
    };
    this.meta.set(key, meta);
    return meta;
  }

  private container(namespace: string, pod: string, container: string, ms: number, stream: string, text: string): void {
    if (SELF.test(pod)) return;
    const meta = this.containerMeta(namespace, pod, container);
    if (!meta) return;
    const message = `{"log":${JSON.stringify(text)},"stream":"${stream}","time":"${criTime(ms)}","kubernetes":${meta.kubernetes}}`;
    this.buffer(this.groups.application, meta.stream, ms, message);
  }

  /** The kubelet's journal lines for a pod's lifecycle, as the dataplane group holds them. */
  private kubelet(type: string, pod: KubeObject): void {
    const host: string | undefined = pod.spec?.nodeName;
    if (!host) return;
    const ms = this.world.nowMs();
    const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const uid = pod.metadata.uid!;
    const lines: string[] = [];
    const seen = this.pods.get(uid);
    if (type === 'DELETED') {
      this.pods.delete(uid);
      for (const c of [...((pod.spec?.containers as { name: string }[]) ?? []), ...((pod.spec?.initContainers as { name: string }[]) ?? [])]) this.meta.delete(`${ref}/${c.name}`);
      lines.push(`${klog('I', ms, 'kubelet.go:2429')}"SyncLoop DELETE" source="api" pods=["${ref}"]`);
    } else {
      const now = { containers: new Map<string, string>(), deleting: pod.metadata.deletionTimestamp !== undefined };
      if (!seen) lines.push(`${klog('I', ms, 'kubelet.go:2413')}"SyncLoop ADD" source="api" pods=["${ref}"]`);
      for (const c of (pod.status?.containerStatuses as { name: string; containerID?: string }[] | undefined) ?? []) {
        if (!c.containerID) continue;
        now.containers.set(c.name, c.containerID);
        if (seen?.containers.get(c.name) === c.containerID) continue;
        const id = c.containerID.replace(/^[a-z]+:\/\//, '');
        lines.push(`${klog('I', ms, 'kubelet.go:2461')}"SyncLoop (PLEG): event for pod" pod="${ref}" event={"ID":"${uid}","Type":"ContainerStarted","Data":"${id}"}`);
      }
      if (now.deleting && seen && !seen.deleting) lines.push(`${klog('I', ms, 'kubelet.go:2423')}"SyncLoop UPDATE" source="api" pods=["${ref}"]`);
      this.pods.set(uid, now);
    }
    for (const line of lines) {
      const message = JSON.stringify({ hostname: host, systemd_unit: 'kubelet.service', message: line, PRIORITY: '6', _HOSTNAME: host, _SYSTEMD_UNIT: 'kubelet.service', MESSAGE: line });
      this.buffer(this.groups.dataplane, `${host}-dataplane.systemd.kubelet.service`, ms, message);
    }
  }

  /** Routine syslog lines of every node (/var/log/messages). */
  private hostLogs(): void {
    const ms = this.world.nowMs();
    for (const node of this.world.store.list('nodes')) {
      const host = node.metadata.name;
      const short = host.split('.')[0];
      const ip = (node.status?.addresses as { type: string; address: string }[] | undefined)?.find((a) => a.type === 'InternalIP')?.address ?? '';
      const lines = [
        { ident: 'dhclient', pid: '2786', text: `XMT: Solicit on eth0, interval ${110000 + Math.floor(this.world.random() * 20000)}ms.` },
        { ident: 'chronyd', pid: '1803', text: `Selected source 169.254.169.123` },
        { ident: 'systemd', pid: '1', text: `Started Session ${Math.floor(this.world.random() * 900) + 100} of user root.` },
        { ident: 'ec2net', pid: '3011', text: `[rewrite_rules] Rewriting rules for eth0 (${ip})` },
      ];
      for (const l of lines) {
        const message = JSON.stringify({ host: short, ident: l.ident, pid: l.pid, message: `${syslogTime(ms)} ${short} ${l.ident}[${l.pid}]: ${l.text}` });
        this.buffer(this.groups.host, `${host}.host.messages`, ms, message);
      }
    }
  }

  /** Container Insights performance events (embedded metric format) for these nodes and their running pods, as each node's agent sends them. */
  private performance(nodes: KubeObject[]): void {
    const ms = this.world.nowMs();
    const cluster = this.options.clusterName;
    const metrics = this.world.metrics;
    for (const node of nodes) {
      const name = node.metadata.name;
      const usage = metrics.nodeUsage(name);
      if (!usage) continue;
      const cpuLimit = quantityMilliValue(node.status?.capacity?.cpu);
      const memLimit = quantityValue(node.status?.capacity?.memory);
      const cpu = usage.cpu / 1e6;
      const running = runningPodsOn(this.world, name);
      const instanceId =
        String(node.spec?.providerID ?? '')
          .split('/')
          .pop() ?? '';
      const event = {
        AutoScalingGroupName: `eks-${node.metadata.labels?.['eks.amazonaws.com/nodegroup'] ?? 'nodegroup'}`,
        ClusterName: cluster,
        InstanceId: instanceId,
        InstanceType: node.metadata.labels?.['node.kubernetes.io/instance-type'] ?? '',
        NodeName: name,
        Sources: ['cadvisor', '/proc', 'pod', 'calculated'],
        Timestamp: String(ms),
        Type: 'Node',
        Version: '0',
        kubernetes: { host: name },
        node_cpu_limit: cpuLimit,
        node_cpu_usage_total: round(cpu),
        node_cpu_utilization: round((cpu / cpuLimit) * 100),
        node_memory_limit: memLimit,
        node_memory_working_set: usage.memory,
        node_memory_utilization: round((usage.memory / memLimit) * 100),
        node_number_of_running_pods: running.length,
        node_number_of_running_containers: running.reduce((n, p) => n + ((p.spec.containers as unknown[])?.length ?? 0), 0),
        _aws: emf(
          ms,
          [['NodeName', 'InstanceId', 'ClusterName'], ['ClusterName']],
          [
            ['node_cpu_utilization', 'Percent'],
            ['node_memory_utilization', 'Percent'],
            ['node_number_of_running_pods', 'Count'],
            ['node_number_of_running_containers', 'Count'],
          ],
        ),
      };
      this.buffer(this.groups.performance, name, ms, JSON.stringify(event));
      for (const pod of running) this.podEvent(pod, name, ms, cpuLimit, memLimit);
    }
  }

  private podEvent(pod: KubeObject, node: string, ms: number, nodeCpu: number, nodeMemory: number): void {
    const ns = pod.metadata.namespace!;
    const usage = this.world.metrics.podUsage(ns, pod.metadata.name);
    if (!usage) return;
    const cpu = usage.reduce((n, c) => n + c.cpu, 0) / 1e6;
    const memory = usage.reduce((n, c) => n + c.memory, 0);
    const statuses = (pod.status?.containerStatuses as { restartCount?: number }[] | undefined) ?? [];
    const owner = pod.metadata.ownerReferences?.[0];
    const service = pod.metadata.labels?.app;
    const event = {
      ClusterName: this.options.clusterName,
      Namespace: ns,
      PodName: owner?.kind === 'ReplicaSet' ? owner.name.replace(/-[a-z0-9]+$/, '') : (owner?.name ?? pod.metadata.name),
      ...(service ? { Service: service } : {}),
      Sources: ['cadvisor', 'pod', 'calculated'],
      Timestamp: String(ms),
      Type: 'Pod',
      Version: '0',
      kubernetes: { host: node, namespace_name: ns, pod_id: pod.metadata.uid, pod_name: pod.metadata.name, labels: pod.metadata.labels ?? {} },
      pod_cpu_usage_total: round(cpu),
      pod_cpu_utilization: round((cpu / nodeCpu) * 100),
      pod_memory_working_set: memory,
      pod_memory_utilization: round((memory / nodeMemory) * 100),
      pod_number_of_container_restarts: statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0),
      pod_number_of_containers: (pod.spec.containers as unknown[]).length,
      _aws: emf(
        ms,
        [['PodName', 'Namespace', 'ClusterName'], ['Namespace', 'ClusterName'], ['ClusterName']],
        [
          ['pod_cpu_utilization', 'Percent'],
          ['pod_memory_utilization', 'Percent'],
          ['pod_number_of_container_restarts', 'Count'],
        ],
      ),
    };
    this.buffer(this.groups.performance, node, ms, JSON.stringify(event));
  }
}

function round(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 1000) / 1000 : 0;
}

function emf(ms: number, dimensions: string[][], metrics: [string, string][]) {
  return {
    Timestamp: ms,
    CloudWatchMetrics: [{ Namespace: 'ContainerInsights', Dimensions: dimensions, Metrics: metrics.map(([Name, Unit]) => ({ Name, Unit })) }],
  };
}
