/**
 * The CronJob controller (pkg/controller/cronjob, v2): at each scheduled
 * time creates a Job named <cronjob>-<scheduled minutes since the epoch>,
 * honouring suspend, startingDeadlineSeconds and concurrencyPolicy
 * (Allow/Forbid/Replace); keeps status.active, lastScheduleTime and
 * lastSuccessfulTime; trims finished Jobs to the history limits.
 */
import type { KubeObject } from '../../kube/store';
import { rfc3339 } from '../../kube/store';
import type { Controller, World } from '../world';
import { WorkQueue, controllerRef, deleteObject, keyOf, ownerIndex, ownerReference, splitKey, type Condition } from './common';
import { CronError, checkTimeZone, mostRecentActivation, nextActivation, parseSchedule } from './cron';
import { isJobFinished, newJob } from './job';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

const SOURCE = { component: 'cronjob-controller' };

export function createCronJobController(): Controller {
  return {
    name: 'cronjob-controller',
    start(world: World) {
      const store = world.store;
      const jobs = ownerIndex(store, 'batch/jobs');
      const timers = new Map<string, () => void>();
      const seenFinished = new Set<string>();
      const queue: WorkQueue = new WorkQueue(world, (key) => {
        const next = sync(world, key, jobs.owned.bind(jobs), seenFinished);
        timers.get(key)?.();
        timers.delete(key);
        if (next !== undefined)
          timers.set(
            key,
            world.after(Math.max(0, next - world.nowMs()) + 100, () => queue.add(key)),
          );
      });
      store.subscribe((e) => {
        if (e.resource === 'batch/cronjobs') {
          if (e.type === 'DELETED') {
            timers.get(keyOf(e.object))?.();
            timers.delete(keyOf(e.object));
          } else queue.add(keyOf(e.object));
        } else if (e.resource === 'batch/jobs') {
          const ref = controllerRef(e.object);
          if (ref?.kind === 'CronJob') queue.add(`${e.object.metadata.namespace}/${ref.name}`);
        }
      });
      for (const cj of store.each('batch/cronjobs')) queue.add(keyOf(cj));
    },
  };
}

function jobRef(job: KubeObject) {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
}

function finishTime(job: KubeObject): number {
  const c = ((job.status?.conditions ?? []) as Condition[]).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return Date.parse(job.status?.completionTime ?? c?.lastTransitionTime ?? job.metadata.creationTimestamp);
}

/** Returns when to look again (the next scheduled time), or undefined. */
function sync(world: World, key: string, owned: (uid: string) => KubeObject[], seenFinished: Set<string>): number | undefined {
  const store = world.store;
  const [namespace, name] = splitKey(key);
  let cj = store.get('batch/cronjobs', namespace, name);
  if (!cj || cj.metadata.deletionTimestamp) return undefined;
  const now = world.nowMs();
  const jobs = owned(cj.metadata.uid).filter((j) => !j.metadata.deletionTimestamp);
  const status: any = { ...(cj.status ?? {}) };

  // Reconcile active and finished jobs.
  const active: KubeObject[] = [];
  for (const job of jobs) {
    const finished = isJobFinished(job);
    if (!finished) {
      active.push(job);
      continue;
    }
    if (!seenFinished.has(job.metadata.uid) && (status.active ?? []).some((r: any) => r.uid === job.metadata.uid)) {
      world.events.record(SOURCE, cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${finished}`);
    }
    seenFinished.add(job.metadata.uid);
    if (finished === 'Complete') {
      const t = finishTime(job);
      if (!status.lastSuccessfulTime || Date.parse(status.lastSuccessfulTime) < t) status.lastSuccessfulTime = rfc3339(new Date(t));
    }
  }
  status.active = active.length ? active.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)).map(jobRef) : undefined;

  cleanupHistory(world, cj, jobs);

  const timeZone: string | undefined = cj.spec?.timeZone ?? undefined;
  if (timeZone) {
    try {
      checkTimeZone(timeZone);
    } catch (err) {
      world.events.record(SOURCE, cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(timeZone)}: ${(err as Error).message}`);
      writeStatus(world, cj, status);
      return undefined;
    }
  }
  let schedule;
  try {
    schedule = parseSchedule(cj.spec?.schedule ?? '');
  } catch (err) {
    if (err instanceof CronError) {
      world.events.record(SOURCE, cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec?.schedule)} : ${err.message}`);
      writeStatus(world, cj, status);
      return undefined;
    }
    throw err;
  }
  const last = status.lastScheduleTime ? Date.parse(status.lastScheduleTime) : Date.parse(cj.metadata.creationTimestamp);
  const next = nextActivation(schedule, Math.max(last, now), timeZone);
  if (cj.spec?.suspend) {
    writeStatus(world, cj, status);
    return next;
  }
  const { time: scheduled, missed } = mostRecentActivation(schedule, last, now, timeZone);
  if (scheduled === undefined) {
    writeStatus(world, cj, status);
    return next;
  }
  if (missed > 100) {
    world.events.record(SOURCE, cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
  }
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled + deadline * 1000 < now) {
    world.events.record(SOURCE, cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339(new Date(scheduled))}`);
    writeStatus(world, cj, status);
    return next;
  }
  const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
  if (policy === 'Forbid' && active.length > 0) {
    world.events.record(SOURCE, cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
    writeStatus(world, cj, status);
    return next;
  }
  if (policy === 'Replace') {
    for (const job of active) {
      deleteObject(world, 'batch/jobs', job, { propagationPolicy: 'Background' });
      world.events.record(SOURCE, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    }
    status.active = undefined;
  }
  const jobName = `${name}-${Math.floor(scheduled / 60_000)}`;
  const existing = store.get('batch/jobs', namespace, jobName);
  if (!existing) {
    const template = cj.spec?.jobTemplate ?? {};
    const job = store.create(
      'batch/jobs',
      newJob(world, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: jobName,
          namespace,
          labels: { ...(template.metadata?.labels ?? {}) },
          annotations: { ...(template.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': rfc3339(new Date(scheduled)) },
          ownerReferences: [ownerReference(cj)],
        },
        spec: structuredClone(template.spec ?? {}),
        status: {},
      }),
    );
    world.events.record(SOURCE, cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata.name}`);
    status.active = [...(policy === 'Replace' ? [] : (status.active ?? [])), jobRef(job)];
  }
  status.lastScheduleTime = rfc3339(new Date(scheduled));
  cj = writeStatus(world, cj, status);
  return nextActivation(schedule, Math.max(scheduled, now), timeZone);
}

function writeStatus(world: World, cj: KubeObject, status: any): KubeObject {
  const next = JSON.parse(JSON.stringify(status));
  const current = world.store.get('batch/cronjobs', cj.metadata.namespace, cj.metadata.name);
  if (!current || JSON.stringify(current.status ?? {}) === JSON.stringify(next)) return current ?? cj;
  return world.store.update('batch/cronjobs', { ...current, status: next });
}

/** Keeps successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs, deleting the oldest. */
function cleanupHistory(world: World, cj: KubeObject, jobs: KubeObject[]) {
  const trim = (kind: 'Complete' | 'Failed', limit: number) => {
    const finished = jobs.filter((j) => isJobFinished(j) === kind).sort((a, b) => finishTime(a) - finishTime(b));
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      deleteObject(world, 'batch/jobs', job, { propagationPolicy: 'Background' });
      world.events.record(SOURCE, cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    }
  };
  trim('Complete', cj.spec?.successfulJobsHistoryLimit ?? 3);
  trim('Failed', cj.spec?.failedJobsHistoryLimit ?? 1);
}
