/**
 * The kubelets of every node, as one controller: runs bound pods' containers
 * from the image catalog and reports pod status the way the kubelet does
 * (waiting reasons, probes, restarts with CrashLoopBackOff, image pull
 * back-off, OOMKilled, completion), records the kubelet's events, writes
 * container logs, and finishes graceful deletion.
 *
 * Event-driven: each pod in a transition holds a few timers; a pod that has
 * settled (Running and ready, nothing scheduled) holds none. Container
 * output comes from one shared tick over the containers that print.
 *
 * Pods created already Running (see `createRunningPod`) are adopted as they
 * are: no timers, no logs, and deletion still completes after the grace
 * period. Large generated clusters use this.
 */
import type { KubeObject, NewObject, StoreEvent } from '../kube/store';
import { rfc3339 } from '../kube/store';
import { lookupImage, pullErrorMessage, type ContainerProgram, type ImageInfo, type Line, type LogContext } from './images';
import { nodePodIndex } from './controllers/common';
import { allocatePodIP, isKubeletPosting, nodeIP, randomHex, releasePodIP } from './nodes';
import { quantityMilliValue, quantityValue } from '@/lib/k8s/quantity';
import type { Controller, World } from './world';

const SANDBOX_MS = 1_000;
/** PLEG notices an exited container and the pod worker restarts it about a second later. */
const SYNC_MS = 1_000;
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const LOG_TICK_MS = 1_000;
/** Beyond this many printing containers, only startup output is written. */
const MAX_CHATTY = 2_000;

type ContainerSpec = {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  stdin?: boolean;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
};

interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
  timeoutSeconds?: number;
}

interface Backoff {
  durationMs: number;
  lastUpdateMs: number;
}

type State =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAtMs: number }
  | { kind: 'terminated'; exitCode: number; reason: string; startedAtMs: number; finishedAtMs: number; containerID: string; message?: string };

interface ContainerRun {
  spec: ContainerSpec;
  init: boolean;
  sidecar: boolean;
  image?: ImageInfo;
  program?: ContainerProgram;
  state: State;
  lastState?: Extract<State, { kind: 'terminated' }>;
  containerID?: string;
  restartCount: number;
  ready: boolean;
  started: boolean;
  everStarted: boolean;
  crashBackoff?: Backoff;
  pullBackoff?: Backoff;
  /** Offsets of startup lines already written, activity counter and next activity time. */
  startupDone: number;
  activityN: number;
  nextActivityMs: number;
  /** Timers of the current run (cancelled when it ends). */
  timers: (() => void)[];
}

interface PodRun {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  podIP?: string;
  startTimeMs: number;
  sandboxReady: boolean;
  containers: ContainerRun[];
  /** Index into the init containers of the one being run; == inits.length when initialized. */
  initIndex: number;
  initCount: number;
  appStarted: boolean;
  terminating: boolean;
  finished: boolean;
  timers: (() => void)[];
  conditions: Map<string, { status: string; at: string; reason?: string; message?: string }>;
  qosClass: string;
}

/** What the load model needs to know about a running container. */
export interface RunningContainer {
  name: string;
  ready: boolean;
  startedAtMs: number;
  program?: ContainerProgram;
  limits: { cpu: number; memory: number };
}

export interface KubeletRuntime {
  /** Running containers of a pod the kubelet runs, or undefined for adopted or unknown pods. */
  containers(namespace: string, name: string): RunningContainer[] | undefined;
  /** The container exceeded its memory limit: the kernel's OOM killer ends it. */
  oomKill(namespace: string, name: string, container: string): void;
}

const runtimes = new WeakMap<World, KubeletRuntime>();

export function kubeletRuntime(world: World): KubeletRuntime | undefined {
  return runtimes.get(world);
}

export function createKubelet(): Controller {
  return {
    name: 'kubelet',
    start(world) {
      const kubelet = new Kubelet(world);
      runtimes.set(world, kubelet);
      kubelet.start();
    },
  };
}

/** kubelet's QoS class rules (v1qos.GetPodQOS). */
export function qosClass(spec: { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] }): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const request = req[r] ?? lim[r];
      if (lim[r] === undefined || request === undefined || (r === 'cpu' ? quantityMilliValue(request) !== quantityMilliValue(lim[r]) : quantityValue(request) !== quantityValue(lim[r])))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Go's time.Duration.String() for durations the kubelet prints ("1.234s", "812ms"). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(6))}s`;
  const m = Math.floor(ms / 60_000);
  const s = Number(((ms % 60_000) / 1000).toFixed(6));
  if (m < 60) return `${m}m${s}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s}s`;
}

function defaultPullPolicy(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  if (image.includes('@')) return 'IfNotPresent';
  return !last.includes(':') || last.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/**
 * Creates a pod already bound to `spec.nodeName` and Running since
 * `startedAt` (default: now), with ready containers and an IP from its node,
 * as the large generated clusters need: the kubelet adopts it as it is, with
 * no timers and no log output, and still completes its graceful deletion.
 */
export function createRunningPod(world: World, input: NewObject, startedAt: Date = world.now()): KubeObject {
  if (!input.spec?.nodeName) throw new Error('createRunningPod: spec.nodeName is required');
  const uid = input.metadata.uid ?? uuid(world);
  const status = runningPodStatus(world, input.spec, startedAt, uid);
  return world.store.create('pods', {
    ...input,
    metadata: { ...input.metadata, uid, creationTimestamp: input.metadata.creationTimestamp ?? rfc3339(startedAt) },
    status,
  });
}

function uuid(world: World): string {
  return `${randomHex(world, 8)}-${randomHex(world, 4)}-4${randomHex(world, 3)}-${'89ab'[Math.floor(world.random() * 4)]}${randomHex(world, 3)}-${randomHex(world, 12)}`;
}

function runningPodStatus(world: World, spec: KubeObject['spec'], startedAt: Date, uid: string): Record<string, unknown> {
  const pod = { spec };
  const node: string = pod.spec.nodeName;
  const at = rfc3339(startedAt);
  const ip = allocatePodIP(world, node, uid) ?? '';
  const hostIP = nodeIP(world, node) ?? '';
  const status = (c: ContainerSpec, init: boolean) => {
    const image = lookupImage(c.image);
    const running = !init || c.restartPolicy === 'Always';
    return {
      name: c.name,
      image: image?.reference ?? c.image,
      imageID: image?.imageID ?? '',
      containerID: `containerd://${randomHex(world, 64)}`,
      ready: running,
      started: running,
      restartCount: 0,
      state: running ? { running: { startedAt: at } } : { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } },
      lastState: {},
    };
  };
  const inits: ContainerSpec[] = pod.spec.initContainers ?? [];
  return {
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: at },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at },
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => status(c, true)) } : {}),
    containerStatuses: (pod.spec.containers as ContainerSpec[]).map((c) => status(c, false)),
    qosClass: qosClass(pod.spec),
  };
}

class Kubelet implements KubeletRuntime {
  private readonly runs = new Map<string, PodRun>();
  private readonly chatty = new Map<string, { run: PodRun; c: ContainerRun }>();
  /** Images present on each node (containerd's content store). */
  private readonly imagesOnNode = new Map<string, Set<string>>();
  /** Deletions of adopted pods already under way. */
  private readonly deleting = new Set<string>();
  /** Nodes seen NotReady, whose pods get a fresh status when they come back. */
  private readonly partitioned = new Set<string>();

  constructor(private readonly world: World) {}

  start() {
    nodePodIndex(this.world.store);
    for (const pod of this.world.store.each('pods')) this.onPod({ type: 'ADDED', resource: 'pods', object: pod, rv: 0 });
    this.world.store.subscribe((e) => {
      if (e.resource === 'pods') this.onPod(e);
      else if (e.resource === 'nodes' && e.type === 'MODIFIED') this.onNode(e.object);
    });
    this.world.every(LOG_TICK_MS, () => this.writeLogs());
  }

  // ---- KubeletRuntime ----

  containers(namespace: string, name: string): RunningContainer[] | undefined {
    const run = this.runs.get(`${namespace}/${name}`);
    if (!run) return undefined;
    return run.containers
      .filter((c) => c.state.kind === 'running')
      .map((c) => ({
        name: c.spec.name,
        ready: c.ready,
        startedAtMs: (c.state as { startedAtMs: number }).startedAtMs,
        program: c.program,
        limits: { cpu: quantityMilliValue(c.spec.resources?.limits?.cpu), memory: quantityValue(c.spec.resources?.limits?.memory) },
      }));
  }

  oomKill(namespace: string, name: string, container: string): void {
    const run = this.runs.get(`${namespace}/${name}`);
    const c = run?.containers.find((x) => x.spec.name === container);
    if (!run || !c || c.state.kind !== 'running' || run.terminating) return;
    this.exited(run, c, 137, 'OOMKilled');
  }

  // ---- store events ----

  private onPod(e: StoreEvent) {
    const pod = e.object;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const run = this.runs.get(key);
    if (e.type === 'DELETED') {
      if (run && run.uid === pod.metadata.uid) this.forget(run);
      else if (pod.spec?.nodeName) releasePodIP(this.world, pod.spec.nodeName, pod.metadata.uid);
      this.deleting.delete(key);
      return;
    }
    const nodeName: string | undefined = pod.spec?.nodeName;
    if (!nodeName || !this.world.store.get('nodes', undefined, nodeName)) return;
    if (run && run.uid !== pod.metadata.uid) this.forget(run);
    const current = this.runs.get(key);
    if (pod.metadata.deletionTimestamp) {
      if (current) this.terminate(current, pod);
      else this.deleteAdopted(pod);
      return;
    }
    if (current) return;
    if (isFresh(pod) && isKubeletPosting(this.world, nodeName)) this.admit(pod);
  }

  private onNode(node: KubeObject) {
    const name = node.metadata.name;
    const ready = (node.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
    if (!ready) {
      this.partitioned.add(name);
      return;
    }
    if (!this.partitioned.delete(name) || !isKubeletPosting(this.world, name)) return;
    // Back from a partition: report the true state again, finish deletions and start pods that waited.
    for (const pod of nodePodIndex(this.world.store).get(name)) {
      const run = this.runs.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
      if (pod.metadata.deletionTimestamp) {
        if (run) this.terminate(run, pod);
        else this.deleteAdopted(pod);
      } else if (run && podNeedsRefresh(pod)) this.post(run, true);
      else if (!run && isFresh(pod)) this.admit(pod);
    }
  }

  // ---- pod lifecycle ----

  private admit(pod: KubeObject) {
    const inits: ContainerSpec[] = pod.spec.initContainers ?? [];
    const apps: ContainerSpec[] = pod.spec.containers ?? [];
    const run: PodRun = {
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
      node: pod.spec.nodeName,
      startTimeMs: this.world.nowMs(),
      sandboxReady: false,
      containers: [...inits.map((spec) => this.newContainer(spec, true, inits.length > 0)), ...apps.map((spec) => this.newContainer(spec, false, inits.length > 0))],
      initIndex: 0,
      initCount: inits.length,
      appStarted: false,
      terminating: false,
      finished: false,
      timers: [],
      conditions: new Map(),
      qosClass: qosClass(pod.spec),
    };
    this.runs.set(`${run.namespace}/${run.name}`, run);
    this.post(run);
    this.later(run, SANDBOX_MS, () => {
      run.sandboxReady = true;
      run.podIP = allocatePodIP(this.world, run.node, run.uid);
      this.post(run);
      this.startNext(run);
    });
  }

  private newContainer(spec: ContainerSpec, init: boolean, podHasInits: boolean): ContainerRun {
    return {
      spec,
      init,
      sidecar: init && spec.restartPolicy === 'Always',
      state: { kind: 'waiting', reason: podHasInits ? 'PodInitializing' : 'ContainerCreating' },
      restartCount: 0,
      ready: false,
      started: false,
      everStarted: false,
      startupDone: 0,
      activityN: 0,
      nextActivityMs: 0,
      timers: [],
    };
  }

  private startNext(run: PodRun) {
    if (run.terminating) return;
    if (run.initIndex < run.initCount) {
      const c = run.containers[run.initIndex];
      this.launch(run, c);
      return;
    }
    if (run.appStarted) return;
    run.appStarted = true;
    const apps = run.containers.slice(run.initCount);
    // The kubelet starts app containers one after another, each after its image is pulled.
    const chain = (i: number) => {
      if (i >= apps.length || run.terminating) return;
      this.launch(run, apps[i], () => chain(i + 1));
    };
    chain(0);
  }

  /** Pull (if needed), create and start a container; `then` runs once it has started or its pull failed. */
  private launch(run: PodRun, c: ContainerRun, then?: () => void) {
    const src = this.source(run);
    const pod = this.podObject(run);
    if (!pod) return;
    const fieldPath = this.fieldPath(run, c);
    const image = lookupImage(c.spec.image);
    const policy = c.spec.imagePullPolicy ?? defaultPullPolicy(c.spec.image);
    const present = this.imagesOnNode.get(run.node)?.has(image?.reference ?? '') ?? false;
    if (image && policy !== 'Always' && present) {
      this.world.events.record(src, pod, 'Normal', 'Pulled', `Container image "${c.spec.image}" already present on machine`, { fieldPath });
      this.create(run, c, image);
      then?.();
      return;
    }
    if (policy === 'Never') {
      c.state = { kind: 'waiting', reason: 'ErrImageNeverPull', message: `Container image "${c.spec.image}" is not present with pull policy of Never` };
      this.world.events.record(src, pod, 'Warning', 'ErrImageNeverPull', `Container image "${c.spec.image}" is not present with pull policy of Never`, { fieldPath });
      this.post(run);
      then?.();
      return;
    }
    this.world.events.record(src, pod, 'Normal', 'Pulling', `Pulling image "${c.spec.image}"`, { fieldPath });
    const pullMs = image ? Math.round(image.pullMs * (0.85 + this.world.random() * 0.3)) : 800 + Math.floor(this.world.random() * 700);
    this.later(run, pullMs, () => {
      const p = this.podObject(run);
      if (!p) return;
      if (!image) {
        this.pullFailed(run, c, then);
        return;
      }
      let images = this.imagesOnNode.get(run.node);
      if (!images) this.imagesOnNode.set(run.node, (images = new Set()));
      images.add(image.reference);
      const d = goDuration(pullMs);
      this.world.events.record(src, p, 'Normal', 'Pulled', `Successfully pulled image "${c.spec.image}" in ${d} (${d} including waiting). Image size: ${image.sizeBytes} bytes.`, { fieldPath });
      c.pullBackoff = undefined;
      this.create(run, c, image);
      then?.();
    });
  }

  private pullFailed(run: PodRun, c: ContainerRun, then?: () => void) {
    const pod = this.podObject(run)!;
    const src = this.source(run);
    const fieldPath = this.fieldPath(run, c);
    const message = pullErrorMessage(c.spec.image);
    this.world.events.record(src, pod, 'Warning', 'Failed', `Failed to pull image "${c.spec.image}": ${message}`, { fieldPath });
    this.world.events.record(src, pod, 'Warning', 'Failed', 'Error: ErrImagePull', { fieldPath });
    c.state = { kind: 'waiting', reason: 'ErrImagePull', message };
    this.post(run);
    const now = this.world.nowMs();
    c.pullBackoff = nextBackoff(c.pullBackoff, now);
    const waitMs = c.pullBackoff.durationMs;
    // The next pod sync finds the image in back-off.
    this.later(run, SYNC_MS, () => {
      const p = this.podObject(run);
      if (!p) return;
      const backOff = `Back-off pulling image "${c.spec.image}"`;
      this.world.events.record(src, p, 'Normal', 'BackOff', backOff, { fieldPath });
      this.world.events.record(src, p, 'Warning', 'Failed', 'Error: ImagePullBackOff', { fieldPath });
      c.state = { kind: 'waiting', reason: 'ImagePullBackOff', message: backOff };
      this.post(run);
    });
    this.later(run, waitMs, () => this.launch(run, c, undefined));
    // Later containers do not wait for this one's image.
    then?.();
  }

  private create(run: PodRun, c: ContainerRun, image: ImageInfo) {
    const pod = this.podObject(run)!;
    const src = this.source(run);
    const fieldPath = this.fieldPath(run, c);
    const now = this.world.nowMs();
    c.image = image;
    c.program = image.program({ command: c.spec.command, args: c.spec.args, stdin: c.spec.stdin });
    c.containerID = `containerd://${randomHex(this.world, 64)}`;
    if (c.program.startError) {
      this.world.events.record(src, pod, 'Normal', 'Created', `Created container ${c.spec.name}`, { fieldPath });
      this.world.events.record(src, pod, 'Warning', 'Failed', `Error: ${c.program.startError}`, { fieldPath });
      // The process never started: startedAt is the zero time, as containerd reports it.
      c.state = { kind: 'running', startedAtMs: 0 };
      this.exited(run, c, 128, 'StartError', c.program.startError);
      return;
    }
    c.state = { kind: 'running', startedAtMs: now };
    c.everStarted = true;
    c.startupDone = 0;
    c.activityN = 0;
    c.nextActivityMs = now + (c.program.activity?.startMs ?? c.program.activity?.everyMs ?? 0);
    this.world.events.record(src, pod, 'Normal', 'Created', `Created container ${c.spec.name}`, { fieldPath });
    this.world.events.record(src, pod, 'Normal', 'Started', `Started container ${c.spec.name}`, { fieldPath });
    if (c.program.startup.length > 0 || c.program.activity) this.chatty.set(this.containerKey(run, c), { run, c });
    this.planRun(run, c, now);
    this.post(run);
  }

  /** Times this run's readiness, liveness kill, exit or OOM kill. */
  private planRun(run: PodRun, c: ContainerRun, startMs: number) {
    const program = c.program!;
    const readyAt = startMs + program.readyAfterMs;
    const startup = c.spec.startupProbe;
    let startedAt = startMs;
    if (startup) {
      startedAt = firstSuccess(startup, startMs, readyAt);
      this.probeFailures(run, c, 'Startup', startup, startMs, startedAt, readyAt);
    }
    let endAt = Infinity;
    let end: () => void = () => {};
    if (program.exit) {
      endAt = startMs + program.exit.afterMs;
      end = () => {
        const lines = program.exit!.lines;
        if (lines) this.print(run, c, lines(this.logContext(run)));
        this.exited(run, c, program.exit!.code, program.exit!.code === 0 ? 'Completed' : 'Error');
      };
    }
    const limit = quantityValue(c.spec.resources?.limits?.memory);
    const mem = program.memory;
    if (limit > 0) {
      let oomAt = Infinity;
      if (mem.baseBytes > limit) oomAt = startMs + 500;
      else if (mem.growthPerSecond && (mem.maxBytes ?? Infinity) > limit) oomAt = startMs + ((limit - mem.baseBytes) / mem.growthPerSecond) * 1000;
      if (oomAt < endAt) {
        endAt = oomAt;
        end = () => this.exited(run, c, 137, 'OOMKilled');
      }
    }
    if (startup && startedAt === Infinity && endAt === Infinity) {
      const killAt = startMs + failureAt(startup);
      if (killAt < endAt) {
        endAt = killAt;
        end = () => this.probeKill(run, c, 'startup');
      }
    }
    const liveness = c.spec.livenessProbe;
    if (liveness && startedAt !== Infinity) {
      const probeStart = startedAt;
      const failAt = livenessFailure(liveness, probeStart, readyAt);
      if (failAt < endAt) {
        endAt = failAt;
        end = () => this.probeKill(run, c, 'liveness');
      }
      this.probeFailures(run, c, 'Liveness', liveness, probeStart, Math.min(readyAt, failAt + 1), readyAt);
    }
    if (startedAt !== Infinity && startedAt < endAt) {
      const markStarted = () => {
        c.started = true;
        const readiness = c.spec.readinessProbe;
        if (!readiness) {
          c.ready = !c.init || c.sidecar;
          if (!c.init || c.sidecar) this.post(run);
        } else {
          const at = firstSuccess(readiness, this.world.nowMs(), readyAt);
          this.probeFailures(run, c, 'Readiness', readiness, this.world.nowMs(), Math.min(at, endAt), readyAt);
          if (at < endAt)
            this.afterRun(run, c, at - this.world.nowMs(), () => {
              c.ready = true;
              this.post(run);
            });
        }
        if (c.sidecar && run.initIndex === run.containers.indexOf(c)) {
          run.initIndex++;
          this.startNext(run);
        }
      };
      if (startedAt === startMs) markStarted();
      else
        this.afterRun(run, c, startedAt - startMs, () => {
          markStarted();
          this.post(run);
        });
    }
    if (endAt !== Infinity) this.afterRun(run, c, Math.max(0, endAt - startMs), end);
  }

  private probeFailures(run: PodRun, c: ContainerRun, kind: 'Readiness' | 'Liveness' | 'Startup', probe: Probe, fromMs: number, untilMs: number, readyAt: number) {
    const period = (probe.periodSeconds ?? 10) * 1000;
    let t = fromMs + (probe.initialDelaySeconds ?? 0) * 1000;
    for (let i = 0; t < untilMs && t < readyAt && i < 30; i++, t += period) {
      this.afterRun(run, c, t - this.world.nowMs(), () => {
        const pod = this.podObject(run);
        if (pod) this.world.events.record(this.source(run), pod, 'Warning', 'Unhealthy', `${kind} probe failed: ${probeError(probe, run.podIP ?? '', c.spec)}`, { fieldPath: this.fieldPath(run, c) });
      });
    }
  }

  private probeKill(run: PodRun, c: ContainerRun, which: 'liveness' | 'startup') {
    const pod = this.podObject(run);
    if (!pod) return;
    this.world.events.record(this.source(run), pod, 'Normal', 'Killing', `Container ${c.spec.name} failed ${which} probe, will be restarted`, { fieldPath: this.fieldPath(run, c) });
    const grace = (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const shutdown = c.program?.shutdown ?? { ms: 0, exitCode: 137 };
    const ms = Math.min(shutdown.ms, grace);
    const code = shutdown.ms > grace ? 137 : shutdown.exitCode;
    this.afterRun(run, c, ms, () => this.exited(run, c, code, code === 0 ? 'Completed' : 'Error'));
  }

  /** The container's process ended: record it and decide whether and when it restarts. */
  private exited(run: PodRun, c: ContainerRun, exitCode: number, reason: string, message?: string) {
    if (c.state.kind !== 'running') return;
    this.flushStartup(run, c);
    this.cancelRun(c);
    const now = this.world.nowMs();
    const terminated: Extract<State, { kind: 'terminated' }> = {
      kind: 'terminated',
      exitCode,
      reason,
      startedAtMs: c.state.startedAtMs,
      finishedAtMs: now,
      containerID: c.containerID!,
      ...(message ? { message } : {}),
    };
    c.state = terminated;
    c.ready = false;
    c.started = false;
    this.chatty.delete(this.containerKey(run, c));
    if (run.terminating || run.finished) return;
    const pod = this.podObject(run);
    const policy: string = pod?.spec?.restartPolicy ?? 'Always';
    const restart = c.sidecar || policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (c.init && !c.sidecar && exitCode === 0) {
      this.post(run);
      run.initIndex++;
      this.later(run, SYNC_MS, () => this.startNext(run));
      return;
    }
    if (!restart) {
      this.post(run);
      if (this.allDone(run)) this.finish(run);
      return;
    }
    // flowcontrol.Backoff as the kubelet uses it: in back-off while now - finishedAt < duration.
    const b = c.crashBackoff;
    const expired = !b || now - b.lastUpdateMs > 2 * BACKOFF_MAX_MS;
    const inBackoff = !expired && b!.durationMs > 0;
    if (!inBackoff) {
      this.post(run);
      this.later(run, SYNC_MS, () => this.restart(run, c));
      return;
    }
    const wait = b!.durationMs;
    this.post(run);
    this.later(run, SYNC_MS, () => {
      const p = this.podObject(run);
      if (!p) return;
      c.lastState = terminated;
      c.state = { kind: 'waiting', reason: 'CrashLoopBackOff', message: `back-off ${goDuration(wait)} restarting failed container=${c.spec.name} pod=${run.name}_${run.namespace}(${run.uid})` };
      this.world.events.record(this.source(run), p, 'Warning', 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${run.name}_${run.namespace}(${run.uid})`, {
        fieldPath: this.fieldPath(run, c),
      });
      this.post(run);
    });
    this.later(run, wait, () => this.restart(run, c));
  }

  private restart(run: PodRun, c: ContainerRun) {
    if (run.terminating) return;
    const now = this.world.nowMs();
    const b = c.crashBackoff;
    const expired = !b || now - b.lastUpdateMs > 2 * BACKOFF_MAX_MS;
    c.crashBackoff = expired ? { durationMs: BACKOFF_INITIAL_MS, lastUpdateMs: now } : { durationMs: Math.min(b!.durationMs * 2, BACKOFF_MAX_MS), lastUpdateMs: now };
    if (c.state.kind === 'terminated') c.lastState = c.state;
    c.restartCount++;
    this.world.logs.rotate(this.ref(run, c));
    this.launch(run, c);
  }

  private allDone(run: PodRun): boolean {
    return run.containers.slice(run.initCount).every((c) => c.state.kind === 'terminated');
  }

  private finish(run: PodRun) {
    run.finished = true;
    for (const c of run.containers) if (c.sidecar && c.state.kind === 'running') this.exited(run, c, 0, 'Completed');
    this.post(run);
  }

  // ---- graceful deletion ----

  private terminate(run: PodRun, pod: KubeObject) {
    if (run.terminating || !isKubeletPosting(this.world, run.node)) return;
    run.terminating = true;
    for (const t of run.timers.splice(0)) t();
    const grace = graceMs(pod);
    let lastExit = 0;
    const running = run.containers.filter((c) => c.state.kind === 'running');
    for (const c of running) {
      this.cancelRun(c);
      this.world.events.record(this.source(run), pod, 'Normal', 'Killing', `Stopping container ${c.spec.name}`, { fieldPath: this.fieldPath(run, c) });
      const shutdown = c.program?.shutdown ?? { ms: 0, exitCode: 137 };
      const ms = Math.min(shutdown.ms, grace);
      const code = shutdown.ms > grace ? 137 : shutdown.exitCode;
      if (shutdown.lines && shutdown.ms <= grace) this.print(run, c, shutdown.lines(this.logContext(run)));
      this.chatty.delete(this.containerKey(run, c));
      lastExit = Math.max(lastExit, ms);
      this.world.after(ms, () => this.exited(run, c, code, code === 0 ? 'Completed' : 'Error'));
    }
    this.world.after(running.length > 0 ? lastExit : 0, () => {
      const current = this.world.store.get('pods', run.namespace, run.name);
      if (current && current.metadata.uid === run.uid) this.world.store.delete('pods', run.namespace, run.name);
    });
  }

  private deleteAdopted(pod: KubeObject) {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (this.deleting.has(key) || !isKubeletPosting(this.world, pod.spec.nodeName)) return;
    this.deleting.add(key);
    const grace = graceMs(pod);
    for (const c of pod.spec.containers as ContainerSpec[]) {
      this.world.events.record({ component: 'kubelet', host: pod.spec.nodeName }, pod, 'Normal', 'Killing', `Stopping container ${c.name}`, { fieldPath: `spec.containers{${c.name}}` });
    }
    const shutdownMs = Math.max(0, ...(pod.spec.containers as ContainerSpec[]).map((c) => lookupImage(c.image)?.program({ command: c.command, args: c.args }).shutdown.ms ?? 0));
    const uid = pod.metadata.uid;
    this.world.after(Math.min(grace, shutdownMs), () => {
      const current = this.world.store.get('pods', pod.metadata.namespace, pod.metadata.name);
      if (current && current.metadata.uid === uid) this.world.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
    });
  }

  private forget(run: PodRun) {
    for (const t of run.timers.splice(0)) t();
    for (const c of run.containers) {
      this.cancelRun(c);
      this.chatty.delete(this.containerKey(run, c));
    }
    this.runs.delete(`${run.namespace}/${run.name}`);
    releasePodIP(this.world, run.node, run.uid);
    this.world.logs.remove(run.namespace, run.name);
  }

  // ---- status ----

  /** Writes the pod's status as the kubelet's status manager would (skipped while the node is partitioned). */
  private post(run: PodRun, force = false) {
    if (!force && !isKubeletPosting(this.world, run.node)) return;
    const pod = this.podObject(run);
    if (!pod) return;
    const status = this.status(run, pod);
    if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
    this.world.store.mutate('pods', run.namespace, run.name, (draft) => {
      draft.status = status;
    });
  }

  private status(run: PodRun, pod: KubeObject): Record<string, unknown> {
    const inits = run.containers.slice(0, run.initCount);
    const apps = run.containers.slice(run.initCount);
    const phase = this.phase(run, pod);
    const now = rfc3339(this.world.now());
    const completed = phase === 'Succeeded' || phase === 'Failed';
    const initialized = run.initIndex >= run.initCount;
    const readySet = [...inits.filter((c) => c.sidecar), ...apps];
    const unready = readySet.filter((c) => !c.ready).map((c) => c.spec.name);
    const incompleteInits = inits.filter((c) => !(c.sidecar ? c.started : c.state.kind === 'terminated' && c.state.exitCode === 0)).map((c) => c.spec.name);
    const set = (type: string, status: string, reason?: string, message?: string) => {
      const prev = run.conditions.get(type);
      const at = prev && prev.status === status ? prev.at : now;
      run.conditions.set(type, { status, at, reason, message });
    };
    set('PodReadyToStartContainers', run.sandboxReady && !completed ? 'True' : 'False');
    if (initialized) set('Initialized', 'True', completed && run.initCount > 0 ? 'PodCompleted' : undefined);
    else set('Initialized', 'False', 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInits.join(' ')}]`);
    if (completed) {
      set('Ready', 'False', 'PodCompleted');
      set('ContainersReady', 'False', 'PodCompleted');
    } else if (unready.length === 0) {
      set('Ready', 'True');
      set('ContainersReady', 'True');
    } else {
      set('Ready', 'False', 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
      set('ContainersReady', 'False', 'ContainersNotReady', `containers with unready status: [${unready.join(' ')}]`);
    }
    const scheduled = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled');
    const conditions = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'].map((type) => {
      const c = run.conditions.get(type)!;
      return { type, status: c.status, lastProbeTime: null, lastTransitionTime: c.at, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
    });
    conditions.push(scheduled ?? { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(new Date(run.startTimeMs)) });
    const hostIP = nodeIP(this.world, run.node) ?? '';
    return {
      phase,
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      ...(run.podIP ? { podIP: run.podIP, podIPs: [{ ip: run.podIP }] } : {}),
      startTime: rfc3339(new Date(run.startTimeMs)),
      ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => this.containerStatus(c)) } : {}),
      containerStatuses: apps.map((c) => this.containerStatus(c)),
      qosClass: run.qosClass,
    };
  }

  private phase(run: PodRun, pod: KubeObject): string {
    const policy: string = pod.spec?.restartPolicy ?? 'Always';
    const inits = run.containers.slice(0, run.initCount);
    const apps = run.containers.slice(run.initCount);
    const initFailed = inits.some((c) => !c.sidecar && c.state.kind === 'terminated' && c.state.exitCode !== 0);
    if (initFailed && policy === 'Never') return 'Failed';
    if (run.initIndex < run.initCount) return 'Pending';
    let running = 0;
    let waiting = 0;
    let succeeded = 0;
    let failed = 0;
    for (const c of apps) {
      if (c.state.kind === 'running') running++;
      else if (c.state.kind === 'terminated') {
        if (c.state.exitCode === 0) succeeded++;
        else failed++;
      } else if (c.lastState) running++;
      else waiting++;
    }
    if (waiting > 0 && running === 0 && succeeded + failed === 0) return 'Pending';
    if (running > 0) return 'Running';
    if (waiting > 0) return 'Pending';
    if (policy === 'Always') return 'Running';
    if (failed > 0 && policy === 'OnFailure') return 'Running';
    return failed > 0 ? 'Failed' : 'Succeeded';
  }

  private containerStatus(c: ContainerRun): Record<string, unknown> {
    const iso = (ms: number) => rfc3339(new Date(ms));
    const terminated = (t: Extract<State, { kind: 'terminated' }>) => ({
      terminated: { exitCode: t.exitCode, reason: t.reason, startedAt: iso(t.startedAtMs), finishedAt: iso(t.finishedAtMs), containerID: t.containerID, ...(t.message ? { message: t.message } : {}) },
    });
    const s = c.state;
    const state =
      s.kind === 'running' ? { running: { startedAt: iso(s.startedAtMs) } } : s.kind === 'terminated' ? terminated(s) : { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
    const image = c.image ?? lookupImage(c.spec.image);
    return {
      name: c.spec.name,
      state,
      lastState: c.lastState ? terminated(c.lastState) : {},
      ready: c.ready,
      restartCount: c.restartCount,
      image: image?.reference ?? c.spec.image,
      imageID: c.everStarted && image ? image.imageID : '',
      ...(c.everStarted && c.containerID && s.kind !== 'waiting' ? { containerID: c.containerID } : c.lastState ? { containerID: c.lastState.containerID } : {}),
      started: c.started,
    };
  }

  // ---- logs ----

  private writeLogs() {
    const now = this.world.nowMs();
    const quiet = this.chatty.size > MAX_CHATTY;
    for (const { run, c } of this.chatty.values()) {
      if (c.state.kind !== 'running' || !c.program) continue;
      this.flushStartup(run, c, now);
      const activity = c.program.activity;
      if (!activity || quiet) continue;
      let guard = 0;
      while (c.nextActivityMs <= now && guard++ < 20) {
        const at = c.nextActivityMs;
        c.activityN++;
        const ctx = this.logContext(run, new Date(at));
        for (const line of activity.burst(ctx, c.activityN)) this.world.logs.append(this.ref(run, c), line.text, line.stream ?? 'stdout', new Date(at));
        c.nextActivityMs = at + (activity.exact ? activity.everyMs : Math.max(100, activity.everyMs * (0.3 + this.world.random() * 1.4)));
      }
      if (c.nextActivityMs <= now) c.nextActivityMs = now + activity.everyMs;
    }
  }

  private flushStartup(run: PodRun, c: ContainerRun, until = this.world.nowMs()) {
    if (c.state.kind !== 'running' || !c.program) return;
    const start = c.state.startedAtMs;
    const lines = c.program.startup;
    while (c.startupDone < lines.length && start + lines[c.startupDone].atMs <= until) {
      const at = new Date(start + lines[c.startupDone].atMs);
      const line = lines[c.startupDone].line(this.logContext(run, at));
      this.world.logs.append(this.ref(run, c), line.text, line.stream ?? 'stdout', at);
      c.startupDone++;
    }
  }

  private print(run: PodRun, c: ContainerRun, lines: Line[]) {
    this.flushStartup(run, c);
    for (const line of lines) this.world.logs.append(this.ref(run, c), line.text, line.stream ?? 'stdout');
  }

  private logContext(run: PodRun, at = this.world.now()): LogContext {
    return { random: this.world.random, now: at, podName: run.name, podIP: run.podIP ?? '', namespace: run.namespace, clientIP: nodeIP(this.world, run.node) ?? '' };
  }

  // ---- helpers ----

  private later(run: PodRun, ms: number, fn: () => void) {
    const cancel = this.world.after(ms, () => {
      const i = run.timers.indexOf(cancel);
      if (i >= 0) run.timers.splice(i, 1);
      if (!run.terminating) fn();
    });
    run.timers.push(cancel);
  }

  /** A timer that belongs to the container's current run. */
  private afterRun(run: PodRun, c: ContainerRun, ms: number, fn: () => void) {
    const cancel = this.world.after(Math.max(0, ms), () => {
      const i = c.timers.indexOf(cancel);
      if (i >= 0) c.timers.splice(i, 1);
      if (!run.terminating) fn();
    });
    c.timers.push(cancel);
  }

  private cancelRun(c: ContainerRun) {
    for (const t of c.timers.splice(0)) t();
  }

  private podObject(run: PodRun): KubeObject | undefined {
    const pod = this.world.store.get('pods', run.namespace, run.name);
    return pod && pod.metadata.uid === run.uid ? pod : undefined;
  }

  private source(run: PodRun) {
    return { component: 'kubelet', host: run.node };
  }

  private fieldPath(run: PodRun, c: ContainerRun): string {
    const list = c.init ? 'initContainers' : 'containers';
    return `spec.${list}{${c.spec.name}}`;
  }

  private ref(run: PodRun, c: ContainerRun) {
    return { namespace: run.namespace, pod: run.name, container: c.spec.name };
  }

  private containerKey(run: PodRun, c: ContainerRun): string {
    return `${run.namespace}/${run.name}/${c.spec.name}`;
  }
}

function graceMs(pod: KubeObject): number {
  return (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
}

function nextBackoff(b: Backoff | undefined, now: number): Backoff {
  if (!b || now - b.lastUpdateMs > 2 * BACKOFF_MAX_MS) return { durationMs: BACKOFF_INITIAL_MS, lastUpdateMs: now };
  return { durationMs: Math.min(b.durationMs * 2, BACKOFF_MAX_MS), lastUpdateMs: now };
}

/** The first probe time at or after the app is ready (probes every period after the initial delay). */
function firstSuccess(probe: Probe, startMs: number, readyAt: number): number {
  if (readyAt === Infinity) return Infinity;
  const first = startMs + (probe.initialDelaySeconds ?? 0) * 1000;
  const period = (probe.periodSeconds ?? 10) * 1000;
  if (readyAt <= first) return first;
  return first + Math.ceil((readyAt - first) / period) * period;
}

/** When failureThreshold consecutive probes fail before the app is ready, or Infinity. */
function livenessFailure(probe: Probe, startMs: number, readyAt: number): number {
  const at = startMs + failureAt(probe);
  return at < readyAt ? at : Infinity;
}

function failureAt(probe: Probe): number {
  return ((probe.initialDelaySeconds ?? 0) + ((probe.failureThreshold ?? 3) - 1) * (probe.periodSeconds ?? 10)) * 1000;
}

function probeError(probe: Probe, ip: string, container: ContainerSpec): string {
  // Named ports resolve to the container's port of that name.
  const port = (p: number | string) => (typeof p === 'number' || /^\d+$/.test(p) ? p : (container.ports?.find((x) => x.name === p)?.containerPort ?? p));
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const p = port(probe.httpGet.port);
    return `Get "${scheme}://${ip}:${p}${probe.httpGet.path ?? '/'}": dial tcp ${ip}:${p}: connect: connection refused`;
  }
  if (probe.tcpSocket) return `dial tcp ${ip}:${port(probe.tcpSocket.port)}: connect: connection refused`;
  return '';
}

/** Bound but not yet picked up by its kubelet (no container statuses yet). */
function isFresh(pod: KubeObject): boolean {
  return !pod.status?.containerStatuses && (pod.status?.phase ?? 'Pending') === 'Pending';
}

function podNeedsRefresh(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'False');
}
