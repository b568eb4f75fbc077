/**
 * A pod's READY, STATUS and RESTARTS columns exactly as kubectl's printer
 * (pkg/printers/internalversion printPod, v1.32) computes them.
 * Pure: shared by the sandbox's Table output, the console server and the UI.
 */
import { timestampSince } from './human-duration';

/** Timestamps as the API's JSON has them, or as Dates (client-node's V1Pod). */
type Timestamp = string | Date;

interface ContainerStateLike {
  waiting?: { reason?: string; message?: string } | null;
  running?: { startedAt?: Timestamp } | null;
  terminated?: { reason?: string; exitCode?: number; signal?: number; finishedAt?: Timestamp; startedAt?: Timestamp } | null;
}

interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateLike | null;
  lastState?: ContainerStateLike | null;
}

/** The parts of a V1Pod the printer reads. */
export interface PodLike {
  metadata?: { name?: string; deletionTimestamp?: Timestamp | null; creationTimestamp?: Timestamp | null };
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string; restartPolicy?: string }[];
  } | null;
  status?: {
    phase?: string;
    reason?: string;
    conditions?: { type: string; status: string; reason?: string }[] | null;
    initContainerStatuses?: ContainerStatusLike[] | null;
    containerStatuses?: ContainerStatusLike[] | null;
  } | null;
}

export type PodSeverity = 'ok' | 'progressing' | 'warning' | 'error' | 'done';

export interface PodStatusSummary {
  /** The STATUS column. */
  status: string;
  /** The READY column, "1/2". */
  ready: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  /** When the most recently restarted counted container last terminated (RFC 3339). */
  lastRestartAt?: string;
  /** The RESTARTS column, "5 (3m ago)". */
  restartsText: string;
  severity: PodSeverity;
}

/** node.NodeUnreachablePodReason: the node controller marks pods of a lost node. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function toTime(value: string | Date | undefined | null): number | undefined {
  if (value == null || value === '') return undefined;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

function hasCondition(pod: PodLike, type: string): boolean {
  for (const c of pod.status?.conditions ?? []) if (c.type === type) return c.status === 'True';
  return false;
}

function hasPodReadyCondition(pod: PodLike): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function isRestartable(container: { restartPolicy?: string } | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

/** kubectl's printPod, column for column. */
export function podStatus(pod: PodLike, now: Date): PodStatusSummary {
  const status = pod.status ?? {};
  const initSpecs = pod.spec?.initContainers ?? [];
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = pod.spec?.containers?.length ?? 0;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initByName = new Map<string, { restartPolicy?: string }>();
  for (const c of initSpecs) {
    initByName.set(c.name, c);
    if (isRestartable(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const count = container.restartCount ?? 0;
    restarts += count;
    const finished = toTime(container.lastState?.terminated?.finishedAt);
    if (container.lastState?.terminated && finished !== undefined && (lastRestart === undefined || finished > lastRestart)) lastRestart = finished;
    const restartable = isRestartable(initByName.get(container.name));
    if (restartable) {
      restartableInitRestarts += count;
      if (container.lastState?.terminated && finished !== undefined && (lastRestartableInitRestart === undefined || finished > lastRestartableInitRestart)) {
        lastRestartableInitRestart = finished;
      }
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += container.restartCount ?? 0;
      const finished = toTime(container.lastState?.terminated?.finishedAt);
      if (container.lastState?.terminated && finished !== undefined && (lastRestart === undefined || finished > lastRestart)) lastRestart = finished;
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last-listed container completed but another still runs is reported as running.
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(pod) ? 'Running' : 'NotReady';
  }

  const deleting = toTime(pod.metadata?.deletionTimestamp) !== undefined;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  const lastRestartAt = lastRestart !== undefined ? new Date(lastRestart).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  const restartsText = restarts !== 0 && lastRestartAt !== undefined ? `${restarts} (${timestampSince(lastRestartAt, now)} ago)` : String(restarts);

  return {
    status: reason,
    ready: `${readyContainers}/${totalContainers}`,
    readyContainers,
    totalContainers,
    restarts,
    ...(lastRestartAt !== undefined ? { lastRestartAt } : {}),
    restartsText,
    // The scheduler found no node for it: a problem from that moment, though kubectl still prints Pending.
    severity: reason === 'Pending' && isUnschedulable(pod) ? 'warning' : severityOf(reason, readyContainers, totalContainers),
  };
}

/** PodScheduled is False with reason Unschedulable (v1.PodReasonUnschedulable): the scheduler tried every node and none fit. */
export function isUnschedulable(pod: PodLike): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

const PROGRESSING = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating', 'SchedulingGated']);
const WARNING = new Set(['NotReady', 'Unknown']);

/** How alarming a STATUS is, for colouring; the text itself is kubectl's. */
export function severityOf(status: string, readyContainers: number, totalContainers: number): PodSeverity {
  if (status === 'Completed' || status === 'Succeeded') return 'done';
  if (status === 'Running') return readyContainers === totalContainers ? 'ok' : 'progressing';
  if (PROGRESSING.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'progressing';
  if (WARNING.has(status)) return 'warning';
  return 'error';
}
