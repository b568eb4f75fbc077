/**
 * The Job controller (pkg/controller/job): runs pods until `completions`
 * succeed (or, without completions, until one succeeds and the rest end),
 * at most `parallelism` at a time; replaces failed pods after the 10 s
 * doubling back-off; fails the Job past backoffLimit or activeDeadlineSeconds
 * with the terminal conditions 1.32 writes (SuccessCriteriaMet then
 * Complete; FailureTarget then Failed); deletes finished Jobs after
 * ttlSecondsAfterFinished.
 */
import type { KubeObject, NewObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';
import { type Condition, createControlledPod, deleteObject, isPodReady, newUid, podOwnerController, splitKey, WorkQueue } from './common';
import { podFromTemplate } from './pod-template';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const SOURCE = { component: 'job-controller' };
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 6 * 60_000;

export const JOB_LABELS = (job: { name: string; uid: string }) => ({
  'batch.kubernetes.io/controller-uid': job.uid,
  'batch.kubernetes.io/job-name': job.name,
  'controller-uid': job.uid,
  'job-name': job.name,
});

/**
 * A Job as the API server stores it on create: a uid, the generated
 * selector on batch.kubernetes.io/controller-uid and the job labels on the
 * pod template.
 */
export function newJob(world: World, job: NewObject & { metadata: { name: string } }): NewObject {
  const uid = job.metadata.uid ?? newUid(world);
  const labels = JOB_LABELS({ name: job.metadata.name, uid });
  const spec = job.spec ?? {};
  return {
    ...job,
    metadata: { ...job.metadata, uid },
    spec: {
      ...spec,
      selector: spec.selector ?? { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { ...spec.template, metadata: { ...(spec.template?.metadata ?? {}), labels: { ...labels, ...(spec.template?.metadata?.labels ?? {}) } } },
    },
  };
}

export function createJobController(): Controller {
  return podOwnerController({ name: 'job-controller', resource: 'batch/jobs', kind: 'Job', sync });
}

function finishedAt(pod: KubeObject): number {
  let t = 0;
  for (const c of pod.status?.containerStatuses ?? []) {
    const f = c.state?.terminated?.finishedAt;
    if (f) t = Math.max(t, Date.parse(f));
  }
  return t || Date.parse(pod.metadata.creationTimestamp);
}

export function isJobFinished(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of (job.status?.conditions ?? []) as Condition[]) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

function sync(world: World, key: string, owned: (uid: string) => KubeObject[], queue: WorkQueue) {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  const job = store.get('batch/jobs', namespace, name);
  if (!job || job.metadata.deletionTimestamp) return;
  const now = world.now();
  const nowMs = now.getTime();
  const spec = job.spec ?? {};
  const pods = owned(job.metadata.uid);
  const active = pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
  const terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
  // With restartPolicy OnFailure, container restarts count against the back-off limit.
  const restarts =
    spec.template?.spec?.restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m: number, c: any) => m + (c.restartCount ?? 0), 0), 0) : 0;
  const failed = failedPods.length;
  const status: any = { ...(job.status ?? {}) };
  const finished = isJobFinished(job);

  if (finished) {
    scheduleTtl(world, job);
    return;
  }
  if (spec.suspend) return;
  status.startTime ??= rfc3339(now);

  const backoffLimit: number = spec.backoffLimit ?? 6;
  const completions: number | undefined = spec.completions ?? undefined;
  const parallelism: number = spec.parallelism ?? 1;
  let failure: { reason: string; message: string } | undefined;
  if (failed + restarts > backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  else if (spec.activeDeadlineSeconds !== undefined && Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 <= nowMs) {
    failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  }

  const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (failure) {
    for (const p of active) {
      deleteObject(world, 'pods', p);
      world.events.record(SOURCE, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    }
    const at = rfc3339(now);
    status.conditions = [
      ...(status.conditions ?? []),
      { type: 'FailureTarget', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: failure.reason, message: failure.message },
      { type: 'Failed', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: failure.reason, message: failure.message },
    ];
    world.events.record(SOURCE, job, 'Warning', failure.reason, failure.message);
    writeStatus(world, job, status, { active: 0, succeeded, failed: failed + restarts, ready: 0, terminating: terminating + active.length });
    return;
  }
  if (complete) {
    const at = rfc3339(now);
    status.conditions = [
      ...(status.conditions ?? []),
      { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', lastProbeTime: at, lastTransitionTime: at, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ];
    status.completionTime = at;
    world.events.record(SOURCE, job, 'Normal', 'Completed', 'Job completed');
    writeStatus(world, job, status, { active: 0, succeeded, failed, ready: 0, terminating });
    return;
  }

  // How many should run now.
  let wantActive = completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
  if (wantActive < 0) wantActive = 0;
  let created = 0;
  if (active.length < wantActive) {
    const lastFailure = failedPods.reduce((t, p) => Math.max(t, finishedAt(p)), 0);
    const delay = failed > 0 ? Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS) : 0;
    const wait = lastFailure + delay - nowMs;
    if (failed > 0 && wait > 0) {
      queue.addAfter(key, wait);
    } else {
      const labels = JOB_LABELS({ name, uid: job.metadata.uid });
      for (let i = active.length; i < wantActive; i++) {
        const result = createControlledPod(world, SOURCE, job, podFromTemplate(spec.template, job, { extraLabels: labels }));
        if (!('created' in result)) {
          // The sync fails with the refusal and is retried with back-off, as manageJob's error is.
          queue.addRateLimited(key);
          break;
        }
        world.events.record(SOURCE, job, 'Normal', 'SuccessfulCreate', `Created pod: ${result.created.metadata.name}`);
        created++;
      }
    }
  } else if (active.length > wantActive) {
    for (const p of active.slice(wantActive)) {
      deleteObject(world, 'pods', p);
      world.events.record(SOURCE, job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
    }
  }
  if (spec.activeDeadlineSeconds !== undefined) queue.addAfter(key, Math.max(0, Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 - nowMs) + 1);
  writeStatus(world, job, status, {
    active: active.length + created,
    succeeded,
    failed: failed + restarts,
    ready: active.filter(isPodReady).length,
    terminating,
  });
}

function writeStatus(world: World, job: KubeObject, status: any, counts: { active: number; succeeded: number; failed: number; ready: number; terminating: number }) {
  const next: any = {
    ...(status.conditions ? { conditions: status.conditions } : {}),
    ...(status.startTime ? { startTime: status.startTime } : {}),
    ...(status.completionTime ? { completionTime: status.completionTime } : {}),
    ...(counts.active ? { active: counts.active } : {}),
    ...(counts.succeeded ? { succeeded: counts.succeeded } : {}),
    ...(counts.failed ? { failed: counts.failed } : {}),
    terminating: counts.terminating,
    uncountedTerminatedPods: {},
    ready: counts.ready,
  };
  const current = world.store.get('batch/jobs', job.metadata.namespace, job.metadata.name);
  if (!current || JSON.stringify(current.status ?? {}) === JSON.stringify(next)) return;
  world.store.update('batch/jobs', { ...current, status: next });
}

const ttlScheduled = new Set<string>();

/** The TTL-after-finished controller: deletes a finished Job (and, in the foreground, its pods) after its TTL. */
function scheduleTtl(world: World, job: KubeObject) {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttlScheduled.has(job.metadata.uid)) return;
  ttlScheduled.add(job.metadata.uid);
  const finishedCondition = (job.status?.conditions as Condition[]).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const finishedMs = Date.parse(job.status?.completionTime ?? finishedCondition?.lastTransitionTime ?? '') || world.nowMs();
  world.after(Math.max(0, finishedMs + ttl * 1000 - world.nowMs()), () => {
    const current = world.store.get('batch/jobs', job.metadata.namespace, job.metadata.name);
    ttlScheduled.delete(job.metadata.uid);
    if (current && current.metadata.uid === job.metadata.uid) deleteObject(world, 'batch/jobs', current, { propagationPolicy: 'Foreground' });
  });
}
