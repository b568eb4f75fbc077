import 'server-only';
import { consoleErrors } from '../errors';
import type { KubeClient, ResourceRef } from './client';
import { eventsFor, type EventRow } from './events';
import { humanDuration } from '@/lib/k8s/human-duration';
import { formatLabelSelector, type LabelSelector } from '@/lib/k8s/label-selector';
import { listAll } from './list-all';
import { WORKLOAD_REFS } from './owners';
import { isForbidden } from './errors';
import { controllerOf, listableNamespaces, podRow, POD_REF, type ObjectMeta, type Omitted, type Pod, type PodRow } from './pods';
import { objectYaml } from './pod-detail';
import { rolloutStatus, type RolloutStatus, type WorkloadLike } from '@/lib/k8s/rollout-status';
import { section, type Section } from './section';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The path segment of each kind: its plural resource name. */
export const WORKLOAD_PLURALS: Record<string, WorkloadKind> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

interface PodTemplate {
  spec?: { containers?: { name: string; image?: string }[]; nodeSelector?: Record<string, string> };
}

interface Workload extends WorkloadLike {
  metadata?: ObjectMeta & { generation?: number };
  spec?: WorkloadLike['spec'] & {
    selector?: LabelSelector;
    template?: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: string | number; maxUnavailable?: string | number } };
    completions?: number;
    parallelism?: number;
    backoffLimit?: number;
    suspend?: boolean;
    paused?: boolean;
    schedule?: string;
    timeZone?: string;
    jobTemplate?: { spec?: { template?: PodTemplate } };
  };
  status?: WorkloadLike['status'] & {
    numberReady?: number;
    currentNumberScheduled?: number;
    succeeded?: number;
    failed?: number;
    active?: number | { name: string }[];
    startTime?: string;
    completionTime?: string;
    lastScheduleTime?: string;
    lastSuccessfulTime?: string;
    conditions?: Condition[];
  };
}

/** One workload with the columns `kubectl get <kind> -o wide` shows for it. */
export interface WorkloadRow {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  uid: string;
  createdAt: string;
  /** Deployment, StatefulSet: READY "ready/desired"; ReplicaSet: READY count; DaemonSet: READY count. */
  ready?: string;
  desired?: number;
  current?: number;
  upToDate?: number;
  available?: number;
  /** Job: "succeeded/completions". */
  completions?: string;
  /** Job: Running, Complete, Failed, Suspended, … */
  status?: string;
  /** Job: how long it ran (or has been running). */
  duration?: string;
  failed?: number;
  /** CronJob. */
  schedule?: string;
  timeZone?: string;
  suspend?: boolean;
  active?: number;
  lastScheduleTime?: string;
  /** Deployment: rollouts paused (spec.paused), so the page offers Resume instead of Pause. */
  paused?: boolean;
  /** Deployment strategy, "RollingUpdate (maxSurge 25%, maxUnavailable 25%)". */
  strategy?: string;
  containers: string[];
  images: string[];
  /** The selector as kubectl prints it ("<none>" when empty). */
  selector: string;
  nodeSelector?: string;
  conditions: Condition[];
  labels: Record<string, string>;
  ownerKind?: string;
  ownerName?: string;
}

interface PodDisruptionBudget {
  metadata?: ObjectMeta;
  spec?: { minAvailable?: string | number | null; maxUnavailable?: string | number | null; selector?: LabelSelector | null };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

/** One PodDisruptionBudget with the columns `kubectl get pdb` shows, and the health counts of its status. */
export interface PdbRow {
  name: string;
  namespace: string;
  uid: string;
  createdAt: string;
  /** "N/A" when unset, as kubectl prints it. */
  minAvailable: string;
  maxUnavailable: string;
  allowedDisruptions: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  /** The selector as kubectl prints it ("<none>" when empty); the pods page takes it as its label selector. */
  selector: string;
}

const PDB_REF = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };

const intOrString = (value: string | number | null | undefined) => (value === undefined || value === null ? 'N/A' : String(value));

export function pdbRow(pdb: PodDisruptionBudget): PdbRow {
  const meta = pdb.metadata ?? {};
  const status = pdb.status ?? {};
  return {
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    uid: meta.uid ?? '',
    createdAt: meta.creationTimestamp ?? '',
    minAvailable: intOrString(pdb.spec?.minAvailable),
    maxUnavailable: intOrString(pdb.spec?.maxUnavailable),
    allowedDisruptions: status.disruptionsAllowed ?? 0,
    currentHealthy: status.currentHealthy ?? 0,
    desiredHealthy: status.desiredHealthy ?? 0,
    expectedPods: status.expectedPods ?? 0,
    selector: formatLabelSelector(pdb.spec?.selector),
  };
}

export type WorkloadSections = Record<WorkloadKind, Section<WorkloadRow[]>> & {
  PodDisruptionBudget: Section<PdbRow[]>;
  /** All namespaces for a caller who may not list some kind cluster-wide: namespaces left out of those kinds, and why. */
  omitted?: Omitted[];
};

function jobStatus(job: Workload): string {
  const conditions = job.status?.conditions ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (has('FailureTarget')) return 'FailureTarget';
  if (job.spec?.suspend) return 'Suspended';
  return 'Running';
}

function jobCompletions(job: Workload): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Workload, now: Date): string | undefined {
  const start = job.status?.startTime;
  if (!start) return undefined;
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

function strategyText(w: Workload): string | undefined {
  const s = w.spec?.strategy;
  if (!s?.type) return undefined;
  if (s.type !== 'RollingUpdate' || !s.rollingUpdate) return s.type;
  return `RollingUpdate (maxSurge ${s.rollingUpdate.maxSurge ?? '25%'}, maxUnavailable ${s.rollingUpdate.maxUnavailable ?? '25%'})`;
}

export function workloadRow(kind: WorkloadKind, w: Workload, now: Date): WorkloadRow {
  const meta = w.metadata ?? {};
  const status = w.status ?? {};
  const template = kind === 'CronJob' ? w.spec?.jobTemplate?.spec?.template : w.spec?.template;
  const containers = template?.spec?.containers ?? [];
  const owner = controllerOf(meta);
  const nodeSelector = template?.spec?.nodeSelector;
  const row: WorkloadRow = {
    kind,
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    uid: meta.uid ?? '',
    createdAt: meta.creationTimestamp ?? '',
    containers: containers.map((c) => c.name),
    images: containers.map((c) => c.image ?? ''),
    selector: kind === 'CronJob' ? '<none>' : formatLabelSelector(w.spec?.selector),
    conditions: status.conditions ?? [],
    labels: meta.labels ?? {},
    ...(owner ? { ownerKind: owner.kind, ownerName: owner.name } : {}),
  };
  const replicas = w.spec?.replicas ?? 1;
  switch (kind) {
    case 'Deployment':
      Object.assign(row, { ready: `${status.readyReplicas ?? 0}/${replicas}`, desired: replicas, upToDate: status.updatedReplicas ?? 0, available: status.availableReplicas ?? 0 });
      if (strategyText(w)) row.strategy = strategyText(w);
      row.paused = w.spec?.paused === true;
      break;
    case 'StatefulSet':
      Object.assign(row, { ready: `${status.readyReplicas ?? 0}/${replicas}`, desired: replicas, current: status.currentReplicas ?? 0, upToDate: status.updatedReplicas ?? 0 });
      break;
    case 'ReplicaSet':
      Object.assign(row, { desired: replicas, current: status.replicas ?? 0, ready: String(status.readyReplicas ?? 0) });
      break;
    case 'DaemonSet':
      Object.assign(row, {
        desired: status.desiredNumberScheduled ?? 0,
        current: status.currentNumberScheduled ?? 0,
        ready: String(status.numberReady ?? 0),
        upToDate: status.updatedNumberScheduled ?? 0,
        available: status.numberAvailable ?? 0,
        nodeSelector:
          nodeSelector && Object.keys(nodeSelector).length
            ? Object.entries(nodeSelector)
                .map(([k, v]) => `${k}=${v}`)
                .join(',')
            : '<none>',
      });
      break;
    case 'Job': {
      const duration = jobDuration(w, now);
      Object.assign(row, { status: jobStatus(w), completions: jobCompletions(w), failed: status.failed ?? 0, ...(duration ? { duration } : {}) });
      break;
    }
    case 'CronJob':
      Object.assign(row, {
        schedule: w.spec?.schedule ?? '',
        timeZone: w.spec?.timeZone ?? '<none>',
        suspend: w.spec?.suspend === true,
        active: Array.isArray(status.active) ? status.active.length : 0,
        ...(status.lastScheduleTime ? { lastScheduleTime: status.lastScheduleTime } : {}),
      });
      break;
  }
  return row;
}

function refOf(kind: WorkloadKind) {
  const { namespaced: _namespaced, ...ref } = WORKLOAD_REFS[kind];
  return ref;
}

/** Every workload kind and PodDisruptionBudget in a namespace (or all), each kind's section on its own so a 403 on one is only that section's error. */
export async function listWorkloads(client: KubeClient, namespace: string | undefined, now = new Date()): Promise<WorkloadSections> {
  let fallback: Promise<{ namespaces: string[]; omitted: Omitted[] }> | undefined;
  const omitted = new Map<string, string>();
  const listKind = async <T>(ref: Omit<ResourceRef, 'namespace' | 'name'>): Promise<T[]> => {
    try {
      return await listAll<T>(client, { ...ref, namespace });
    } catch (err) {
      if (namespace !== undefined || !isForbidden(err)) throw err;
    }
    // As for pods (issue 4): the namespaces the caller can use, one by one.
    fallback ??= listableNamespaces(client);
    const usable = await fallback;
    for (const o of usable.omitted) omitted.set(o.name, o.reason);
    const items: T[] = [];
    for (const ns of usable.namespaces) {
      try {
        items.push(...(await listAll<T>(client, { ...ref, namespace: ns })));
      } catch (err) {
        if (!isForbidden(err)) throw err;
        omitted.set(ns, err.message);
      }
    }
    return items;
  };
  const [pdbs, ...sections] = await Promise.all([
    section(async () => (await listKind<PodDisruptionBudget>(PDB_REF)).map(pdbRow)),
    ...WORKLOAD_KINDS.map((kind) => section(async () => (await listKind<Workload>(refOf(kind))).map((w) => workloadRow(kind, w, now)))),
  ]);
  const result: WorkloadSections = Object.assign({ PodDisruptionBudget: pdbs }, ...WORKLOAD_KINDS.map((kind, i) => ({ [kind]: sections[i] })));
  if (fallback) result.omitted = [...omitted].map(([name, reason]) => ({ name, reason }));
  return result;
}

export interface WorkloadDetail {
  row: WorkloadRow;
  /** Deployment, StatefulSet, DaemonSet: `kubectl rollout status` for one check. */
  rollout?: RolloutStatus;
  /** Pods matching its selector that it controls (for a Deployment: through its ReplicaSets). CronJob: its Jobs' pods. */
  pods: Section<PodRow[]>;
  /** Deployment: its ReplicaSets, newest revision first (revision history). CronJob: its Jobs. */
  children?: Section<(WorkloadRow & { revision?: string })[]>;
  events: Section<EventRow[]>;
  annotations: Record<string, string>;
  yaml: string;
}

/** One workload: its row, rollout status, pods, revision history or jobs, and events; every read as the caller. */
export async function workloadDetail(client: KubeClient, kind: WorkloadKind, namespace: string, name: string, now = new Date()): Promise<WorkloadDetail> {
  const object = await client.get<Workload>({ ...refOf(kind), namespace, name });
  const row = workloadRow(kind, object, now);
  const uid = object.metadata?.uid;
  const childKind: WorkloadKind | undefined = kind === 'Deployment' ? 'ReplicaSet' : kind === 'CronJob' ? 'Job' : undefined;
  const children = childKind
    ? await section(async () => {
        const items = await listAll<Workload>(client, { ...refOf(childKind), namespace });
        return items
          .filter((c) => controllerOf(c.metadata)?.uid === uid)
          .map((c) => ({
            ...workloadRow(childKind, c, now),
            ...(c.metadata?.annotations?.['deployment.kubernetes.io/revision'] ? { revision: c.metadata.annotations['deployment.kubernetes.io/revision'] } : {}),
          }))
          .sort((a, b) => Number(b.revision ?? 0) - Number(a.revision ?? 0) || b.createdAt.localeCompare(a.createdAt));
      })
    : undefined;
  const pods = await section(async () => {
    if (kind === 'CronJob') {
      const jobs = new Set(children && 'data' in children ? children.data.map((j) => j.name) : []);
      const all = await listAll<Pod>(client, { ...POD_REF, namespace });
      return all.filter((p) => controllerOf(p.metadata)?.kind === 'Job' && jobs.has(controllerOf(p.metadata)!.name)).map((p) => podRow(p, now));
    }
    if (row.selector === '<none>') return [];
    const matching = await listAll<Pod>(client, { ...POD_REF, namespace }, { labelSelector: row.selector });
    const owners = new Set([uid, ...(children && 'data' in children ? children.data.map((c) => c.uid) : [])]);
    return matching.filter((p) => owners.has(controllerOf(p.metadata)?.uid)).map((p) => podRow(p, now));
  });
  const events = await section(() => eventsFor(client, { kind, name, namespace, uid }));
  const rollout = kind === 'Deployment' || kind === 'DaemonSet' || kind === 'StatefulSet' ? rolloutStatus(kind, object) : undefined;
  return {
    row,
    ...(rollout ? { rollout } : {}),
    pods,
    ...(children ? { children } : {}),
    events,
    annotations: object.metadata?.annotations ?? {},
    yaml: objectYaml(object),
  };
}

export function workloadKind(plural: string): WorkloadKind {
  const kind = WORKLOAD_PLURALS[plural];
  if (!kind) throw consoleErrors.notFound(`"${plural}" is not a workload kind: use one of ${Object.keys(WORKLOAD_PLURALS).join(', ')}`);
  return kind;
}
