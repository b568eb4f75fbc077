/** The parts of a Pod object (as the API server's JSON has it) that the pod page shows. */
export interface KubeContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; startedAt?: string; finishedAt?: string };
}

export interface KubeProbe {
  httpGet?: { path?: string; port?: number | string; scheme?: string };
  tcpSocket?: { port?: number | string };
  exec?: { command?: string[] };
  grpc?: { port?: number };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface KubeContainer {
  name: string;
  image?: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: KubeProbe;
  readinessProbe?: KubeProbe;
  startupProbe?: KubeProbe;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export interface KubeContainerStatus {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  image?: string;
  state?: KubeContainerState;
  lastState?: KubeContainerState;
}

export interface KubePod {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: {
    nodeName?: string;
    serviceAccountName?: string;
    priority?: number;
    priorityClassName?: string;
    containers?: KubeContainer[];
    initContainers?: KubeContainer[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    qosClass?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    hostIP?: string;
    startTime?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    containerStatuses?: KubeContainerStatus[];
    initContainerStatuses?: KubeContainerStatus[];
  };
}

export type ContainerKind = 'init' | 'sidecar' | 'app';

export interface ContainerView {
  kind: ContainerKind;
  spec: KubeContainer;
  status?: KubeContainerStatus;
}

/** Init containers first (a restartable init container is a sidecar), then the app containers, each with its status. */
export function podContainers(pod: KubePod): ContainerView[] {
  const statusOf = (list: KubeContainerStatus[] | undefined, name: string) => list?.find((status) => status.name === name);
  return [
    ...(pod.spec?.initContainers ?? []).map((spec): ContainerView => ({
      kind: spec.restartPolicy === 'Always' ? 'sidecar' : 'init',
      spec,
      status: statusOf(pod.status?.initContainerStatuses, spec.name),
    })),
    ...(pod.spec?.containers ?? []).map((spec): ContainerView => ({ kind: 'app', spec, status: statusOf(pod.status?.containerStatuses, spec.name) })),
  ];
}

/** A probe as `kubectl describe` prints it: "http-get http://:8080/health delay=10s timeout=1s period=5s #success=1 #failure=3". */
export function describeProbe(probe: KubeProbe): string {
  let action = 'unknown';
  if (probe.httpGet) action = `http-get ${(probe.httpGet.scheme ?? 'HTTP').toLowerCase()}://:${probe.httpGet.port ?? ''}${probe.httpGet.path ?? ''}`;
  else if (probe.tcpSocket) action = `tcp-socket :${probe.tcpSocket.port ?? ''}`;
  else if (probe.exec) action = `exec [${(probe.exec.command ?? []).join(' ')}]`;
  else if (probe.grpc) action = `grpc <pod>:${probe.grpc.port ?? ''}`;
  return `${action} delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
}

/** A container state in words: "Running", "Waiting: CrashLoopBackOff", "Terminated: Error (exit code 1)". */
export function describeState(state: KubeContainerState | undefined): string {
  if (!state) return '—';
  if (state.running) return 'Running';
  if (state.waiting) return `Waiting${state.waiting.reason ? `: ${state.waiting.reason}` : ''}`;
  if (state.terminated) {
    const t = state.terminated;
    const code = t.signal ? `signal ${t.signal}` : `exit code ${t.exitCode ?? 0}`;
    return `Terminated${t.reason ? `: ${t.reason}` : ''} (${code})`;
  }
  return '—';
}
