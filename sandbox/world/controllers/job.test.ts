import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/store';
import { World } from '../world';
import { createCronJobController } from './cronjob';
import { createGarbageCollector } from './garbage-collector';
import { createJobController, newJob } from './job';
import { jobSpec } from './manifests';
import { createTestKubelet, type TestKubeletOptions } from './test-kubelet';

function world(finish: TestKubeletOptions['finish']) {
  const w = new World({ mode: 'manual', seed: 3 });
  w.add(createJobController(), createCronJobController(), createGarbageCollector(), createTestKubelet({ readyAfterMs: 2_000, finish }));
  w.start();
  return w;
}

const podSpec = { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] };

function job(w: World, name: string, spec: Parameters<typeof jobSpec>[0]) {
  return w.store.create('batch/jobs', newJob(w, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'eks-work' }, spec: jobSpec(spec), status: {} }));
}

const jobPods = (w: World, name: string) => w.store.list('pods', 'eks-work').filter((p) => p.metadata.labels?.['job-name'] === name);
const events = (w: World, name: string) =>
  w.store
    .list('events', 'eks-work')
    .filter((e) => e.involvedObject.name === name)
    .map((e) => `${e.reason}: ${e.message}`);
const conditions = (obj: KubeObject) => obj.status.conditions.map((c: { type: string; status: string; reason: string }) => `${c.type}=${c.status} ${c.reason}`);

describe('job controller', () => {
  it('runs `parallelism` pods until `completions` succeed, then Completes with 1.32 conditions', () => {
    const w = world(() => ({ phase: 'Succeeded', afterMs: 10_000 }));
    const j = job(w, 'batch', { podSpec, labels: { app: 'batch' }, completions: 4, parallelism: 2 });
    w.advance(0);
    expect(jobPods(w, 'batch')).toHaveLength(2);
    expect(w.store.get('batch/jobs', 'eks-work', 'batch')!.status).toMatchObject({ active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    const pod = jobPods(w, 'batch')[0];
    expect(pod.metadata.name).toMatch(/^batch-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'batch', 'batch.kubernetes.io/controller-uid': j.metadata.uid, 'job-name': 'batch', app: 'batch' });
    w.advance(60_000);
    const done = w.store.get('batch/jobs', 'eks-work', 'batch')!;
    expect(jobPods(w, 'batch')).toHaveLength(4);
    expect(done.status.succeeded).toBe(4);
    expect(done.status.active).toBeUndefined();
    expect(conditions(done)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
    expect(done.status.completionTime).toBe('2026-01-01T00:00:24Z');
    expect(events(w, 'batch').filter((e) => e.startsWith('Completed'))).toEqual(['Completed: Job completed']);
  });

  it('without completions, completes once a pod succeeds and all have ended (pingpong: 3/1 of 3)', () => {
    const w = world(() => ({ phase: 'Succeeded', afterMs: 10_000 }));
    job(w, 'pingpong', { podSpec, labels: { app: 'pingpong' }, parallelism: 3 });
    w.advance(30_000);
    const done = w.store.get('batch/jobs', 'eks-work', 'pingpong')!;
    expect(done.spec.completions).toBeUndefined();
    expect(done.status.succeeded).toBe(3);
    expect(conditions(done)).toEqual(['SuccessCriteriaMet=True CompletionsReached', 'Complete=True CompletionsReached']);
  });

  it('replaces failed pods with the doubling back-off and fails past backoffLimit', () => {
    const w = world(() => ({ phase: 'Failed', afterMs: 1_000, reason: 'OOMKilled', exitCode: 137 }));
    job(w, 'report', { podSpec, labels: { app: 'report' }, completions: 1, backoffLimit: 2 });
    const created: number[] = [];
    w.store.subscribe((e) => {
      if (e.type === 'ADDED' && e.resource === 'pods') created.push(w.nowMs() - Date.parse('2026-01-01T00:00:00Z'));
    });
    w.advance(0);
    w.advance(120_000);
    // The first pod fails at 3 s; the next comes 10 s later (13 s) and fails at 16 s; the third 20 s after that (36 s).
    expect(created).toEqual([0, 13_000, 36_000]);
    const failed = w.store.get('batch/jobs', 'eks-work', 'report')!;
    expect(failed.status.failed).toBe(3);
    expect(failed.status.completionTime).toBeUndefined();
    expect(conditions(failed)).toEqual(['FailureTarget=True BackoffLimitExceeded', 'Failed=True BackoffLimitExceeded']);
    expect(failed.status.conditions[1].message).toBe('Job has reached the specified backoff limit');
    expect(events(w, 'report').filter((e) => e.startsWith('Backoff'))).toEqual(['BackoffLimitExceeded: Job has reached the specified backoff limit']);
  });

  it('deletes a finished Job and its pods after ttlSecondsAfterFinished', () => {
    const w = world(() => ({ phase: 'Succeeded', afterMs: 1_000 }));
    job(w, 'short', { podSpec, labels: { app: 'short' }, completions: 1, ttlSecondsAfterFinished: 60 });
    w.advance(30_000);
    // Finished 30 s ago, within its 60 s TTL: still there, complete.
    const finished = w.store.get('batch/jobs', 'eks-work', 'short')!;
    expect(finished.status).toMatchObject({ succeeded: 1 });
    expect(finished.status.conditions.map((c: { type: string }) => c.type)).toContain('Complete');
    w.advance(60_000);
    expect(w.store.get('batch/jobs', 'eks-work', 'short')).toBeUndefined();
    expect(jobPods(w, 'short')).toEqual([]);
  });
});

describe('cronjob controller', () => {
  function cronJob(w: World, name: string, schedule: string, extra: Record<string, unknown> = {}) {
    w.store.create('batch/cronjobs', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: 'eks-work' },
      spec: {
        schedule,
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: { metadata: {}, spec: jobSpec({ podSpec, labels: { app: name } }) },
        ...extra,
      },
      status: {},
    });
  }

  it('creates <cronjob>-<minutes since epoch> Jobs on schedule and keeps three successful ones', () => {
    const w = world(() => ({ phase: 'Succeeded', afterMs: 10_000 }));
    cronJob(w, 'pingpong', '*/1 * * * *');
    w.advance(5 * 60_000 + 30_000);
    const minutes = Date.parse('2026-01-01T00:00:00Z') / 60_000;
    const jobs = w.store.list('batch/jobs', 'eks-work').map((j) => j.metadata.name);
    expect(jobs).toEqual([`pingpong-${minutes + 3}`, `pingpong-${minutes + 4}`, `pingpong-${minutes + 5}`]);
    const last = w.store.get('batch/jobs', 'eks-work', `pingpong-${minutes + 5}`)!;
    expect(last.metadata.annotations).toEqual({ 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:05:00Z' });
    expect(last.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'pingpong', controller: true });
    const cj = w.store.get('batch/cronjobs', 'eks-work', 'pingpong')!;
    expect(cj.status).toEqual({ lastScheduleTime: '2026-01-01T00:05:00Z', lastSuccessfulTime: '2026-01-01T00:05:12Z' });
    const ev = events(w, 'pingpong');
    expect(ev).toContain(`SuccessfulCreate: Created job pingpong-${minutes + 1}`);
    expect(ev).toContain(`SawCompletedJob: Saw completed job: pingpong-${minutes + 1}, condition: Complete`);
    expect(ev).toContain(`SuccessfulDelete: Deleted job pingpong-${minutes + 1}`);
    // The deleted Jobs' pods went with them.
    expect(new Set(w.store.list('pods', 'eks-work').map((p) => p.metadata.labels?.['job-name']))).toEqual(new Set(jobs));
  });

  it('Forbid skips a run while the previous one is still active', () => {
    const w = world(() => ({ phase: 'Succeeded', afterMs: 90_000 }));
    cronJob(w, 'slow', '*/1 * * * *', { concurrencyPolicy: 'Forbid' });
    w.advance(2 * 60_000 + 30_000);
    expect(w.store.list('batch/jobs', 'eks-work')).toHaveLength(1);
    expect(events(w, 'slow')).toContain('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    expect(w.store.get('batch/cronjobs', 'eks-work', 'slow')!.status.active).toHaveLength(1);
  });
});
