/** A pod's containers as `kubectl describe pod` shows them: state, last state, probes, resources. Pure. */

type Timestamp = string;

interface Probe {
  httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
  tcpSocket?: { port?: number | string; host?: string };
  exec?: { command?: string[] };
  grpc?: { port?: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  restartPolicy?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> } | null;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  stdin?: boolean;
  tty?: boolean;
}

interface RawState {
  waiting?: { reason?: string; message?: string } | null;
  running?: { startedAt?: Timestamp } | null;
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; startedAt?: Timestamp; finishedAt?: Timestamp } | null;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: RawState | null;
  lastState?: RawState | null;
}

export interface ContainerState {
  state: 'waiting' | 'running' | 'terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  signal?: number;
  startedAt?: string;
  finishedAt?: string;
}

export interface ContainerDetail {
  name: string;
  /** init: runs to completion before the app; sidecar: a restartable init container running beside it. */
  type: 'init' | 'sidecar' | 'app';
  image: string;
  imageID?: string;
  ready: boolean;
  started?: boolean;
  restarts: number;
  state?: ContainerState;
  lastState?: ContainerState;
  ports: string[];
  /** kubectl describe's probe lines, "http-get http://:8080/health delay=10s timeout=1s period=5s #success=1 #failure=3". */
  probes: { liveness?: string; readiness?: string; startup?: string };
  requests: Record<string, string>;
  limits: Record<string, string>;
  /** Started with stdin open and a TTY (`kubectl run -it`): what attach needs to reach its shell. */
  interactive?: true;
}

function state(raw: RawState | null | undefined): ContainerState | undefined {
  if (!raw) return undefined;
  if (raw.running) return { state: 'running', ...(raw.running.startedAt ? { startedAt: raw.running.startedAt } : {}) };
  if (raw.terminated) {
    const t = raw.terminated;
    return {
      state: 'terminated',
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.message ? { message: t.message } : {}),
      exitCode: t.exitCode ?? 0,
      ...(t.signal ? { signal: t.signal } : {}),
      ...(t.startedAt ? { startedAt: t.startedAt } : {}),
      ...(t.finishedAt ? { finishedAt: t.finishedAt } : {}),
    };
  }
  if (raw.waiting) return { state: 'waiting', ...(raw.waiting.reason ? { reason: raw.waiting.reason } : {}), ...(raw.waiting.message ? { message: raw.waiting.message } : {}) };
  return undefined;
}

/** describe's DescribeProbe wording. */
export function describeProbe(probe: Probe | undefined): string | undefined {
  if (!probe) return undefined;
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${probe.httpGet.host ?? ''}:${probe.httpGet.port ?? ''}${probe.httpGet.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket) return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port ?? ''} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port ?? ''} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function detail(spec: ContainerSpec, status: ContainerStatus | undefined, type: ContainerDetail['type']): ContainerDetail {
  const probes: ContainerDetail['probes'] = {};
  const liveness = describeProbe(spec.livenessProbe);
  const readiness = describeProbe(spec.readinessProbe);
  const startup = describeProbe(spec.startupProbe);
  if (liveness) probes.liveness = liveness;
  if (readiness) probes.readiness = readiness;
  if (startup) probes.startup = startup;
  const current = state(status?.state);
  const last = state(status?.lastState);
  return {
    name: spec.name,
    type,
    image: spec.image ?? '',
    ...(status?.imageID ? { imageID: status.imageID } : {}),
    ready: status?.ready === true,
    ...(status?.started !== undefined ? { started: status.started } : {}),
    restarts: status?.restartCount ?? 0,
    ...(current ? { state: current } : {}),
    ...(last ? { lastState: last } : {}),
    ports: (spec.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`),
    probes,
    requests: { ...(spec.resources?.requests ?? {}) },
    limits: { ...(spec.resources?.limits ?? {}) },
    ...(spec.stdin && spec.tty ? { interactive: true as const } : {}),
  };
}

/** Init containers and sidecars in spec order, then the app containers. */
export function containerDetails(pod: {
  spec?: { initContainers?: ContainerSpec[]; containers?: ContainerSpec[] } | null;
  status?: { initContainerStatuses?: ContainerStatus[] | null; containerStatuses?: ContainerStatus[] | null } | null;
}): ContainerDetail[] {
  const initStatuses = new Map((pod.status?.initContainerStatuses ?? []).map((s) => [s.name, s]));
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => detail(c, initStatuses.get(c.name), c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
    ...(pod.spec?.containers ?? []).map((c) => detail(c, statuses.get(c.name), 'app')),
  ];
}
