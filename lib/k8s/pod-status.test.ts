import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { podStatus, type PodLike } from './pod-status';

const now = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const MIN = 60_000;

type Status = NonNullable<PodLike['status']>;

function pod(status: Status, spec: PodLike['spec'] = { containers: [{ name: 'app' }] }, metadata: PodLike['metadata'] = {}): PodLike {
  return { metadata: { name: 'p', creationTimestamp: ago(10 * MIN), ...metadata }, spec, status };
}

const running = { running: { startedAt: ago(5 * MIN) } };

describe('podStatus: phase and pod reason', () => {
  it('a running, ready pod', () => {
    const s = podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] }), now);
    expect(s).toEqual({ status: 'Running', ready: '1/1', readyContainers: 1, totalContainers: 1, restarts: 0, restartsText: '0', severity: 'ok' });
  });

  it('a running pod whose container is not ready yet counts 0/1', () => {
    const s = podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, state: running }] }), now);
    expect([s.status, s.ready, s.severity]).toEqual(['Running', '0/1', 'progressing']);
  });

  it('a pod not yet scheduled is Pending and still progressing', () => {
    const s = podStatus(pod({ phase: 'Pending' }), now);
    expect([s.status, s.ready, s.severity]).toEqual(['Pending', '0/1', 'progressing']);
  });

  it('a pod the scheduler calls Unschedulable prints Pending, as kubectl does, and is a warning from that moment', () => {
    const s = podStatus(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }, undefined, { creationTimestamp: ago(0) }), now);
    expect([s.status, s.ready, s.severity]).toEqual(['Pending', '0/1', 'warning']);
  });

  it('status.reason wins over the phase (Evicted)', () => {
    const s = podStatus(pod({ phase: 'Failed', reason: 'Evicted' }), now);
    expect([s.status, s.severity]).toEqual(['Evicted', 'error']);
  });

  it('a scheduling-gated pod shows SchedulingGated', () => {
    const s = podStatus(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), now);
    expect(s.status).toBe('SchedulingGated');
  });
});

describe('podStatus: app container states', () => {
  it('waiting reasons: ContainerCreating, CrashLoopBackOff, ImagePullBackOff, ErrImagePull', () => {
    for (const reason of ['ContainerCreating', 'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull']) {
      const s = podStatus(pod({ phase: reason === 'CrashLoopBackOff' ? 'Running' : 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason } } }] }), now);
      expect(s.status).toBe(reason);
    }
  });

  it('terminated reasons: OOMKilled, Error, Completed', () => {
    for (const reason of ['OOMKilled', 'Error', 'Completed']) {
      const s = podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { reason, exitCode: reason === 'Completed' ? 0 : 137 } } }] }), now);
      expect(s.status).toBe(reason);
    }
    expect(podStatus(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }), now).severity).toBe('done');
  });

  it('a terminated container without a reason shows Signal:N or ExitCode:N', () => {
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { signal: 9, exitCode: 137 } } }] }), now).status).toBe('Signal:9');
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 3 } } }] }), now).status).toBe('ExitCode:3');
  });

  it('the first listed container decides, since statuses are walked from the last', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            { name: 'a', state: { waiting: { reason: 'CrashLoopBackOff' } } },
            { name: 'b', state: { waiting: { reason: 'ImagePullBackOff' } } },
          ],
        },
        { containers: [{ name: 'a' }, { name: 'b' }] },
      ),
      now,
    );
    expect(s.status).toBe('CrashLoopBackOff');
  });

  it('Completed with another container still running reads Running when the pod is Ready, else NotReady', () => {
    const statuses = [
      { name: 'main', ready: true, state: running },
      { name: 'job', ready: false, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
    ];
    const spec = { containers: [{ name: 'main' }, { name: 'job' }] };
    const ready = podStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses }, spec), now);
    expect([ready.status, ready.ready]).toEqual(['Running', '1/2']);
    const notReady = podStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses }, spec), now);
    expect([notReady.status, notReady.severity]).toEqual(['NotReady', 'warning']);
  });
});

describe('podStatus: init containers', () => {
  const initSpec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }], containers: [{ name: 'app' }] };

  it('Init:N/M while an init container runs', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'init-a', state: { terminated: { reason: 'Completed', exitCode: 0 } } },
            { name: 'init-b', state: running },
          ],
          containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
        },
        initSpec,
      ),
      now,
    );
    expect([s.status, s.ready, s.severity]).toEqual(['Init:1/2', '0/1', 'progressing']);
  });

  it('Init:<waiting reason> except PodInitializing', () => {
    const crash = podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init-a', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, initSpec), now);
    expect([crash.status, crash.restarts, crash.severity]).toEqual(['Init:CrashLoopBackOff', 4, 'error']);
    const initializing = podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init-a', state: { waiting: { reason: 'PodInitializing' } } }] }, initSpec), now);
    expect(initializing.status).toBe('Init:0/2');
  });

  it('Init:<terminated reason>, Init:Signal:N and Init:ExitCode:N for a failed init container', () => {
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init-a', state: { terminated: { reason: 'Error', exitCode: 1 } } }] }, initSpec), now).status).toBe('Init:Error');
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init-a', state: { terminated: { exitCode: 2, signal: 15 } } }] }, initSpec), now).status).toBe('Init:Signal:15');
    expect(podStatus(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init-a', state: { terminated: { exitCode: 2 } } }] }, initSpec), now).status).toBe('Init:ExitCode:2');
  });

  it('PodInitializing once init containers are done and the app container waits', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'init-a', state: { terminated: { reason: 'Completed', exitCode: 0 } } },
            { name: 'init-b', state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          ],
          containerStatuses: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }],
        },
        initSpec,
      ),
      now,
    );
    expect(s.status).toBe('PodInitializing');
  });

  it('init restarts count while initializing, and are dropped once the pod is initialized', () => {
    const lastTerm = { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(3 * MIN) } };
    const initStatuses = [
      { name: 'init-a', restartCount: 2, lastState: lastTerm, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
      { name: 'init-b', state: { terminated: { reason: 'Completed', exitCode: 0 } } },
    ];
    const done = podStatus(
      pod(
        { phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: initStatuses, containerStatuses: [{ name: 'app', ready: true, state: running }] },
        initSpec,
      ),
      now,
    );
    expect([done.status, done.restarts, done.restartsText]).toEqual(['Running', 0, '0']);
  });
});

describe('podStatus: restartable init containers (sidecars)', () => {
  const spec = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }, { name: 'migrate' }], containers: [{ name: 'app' }] };

  it('a started sidecar counts in READY and total while a later init container runs', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            { name: 'proxy', ready: true, started: true, state: running },
            { name: 'migrate', state: running },
          ],
        },
        spec,
      ),
      now,
    );
    expect([s.status, s.ready]).toEqual(['Init:1/2', '1/2']);
  });

  it('sidecar restarts add to the app restarts, with the latest restart time', () => {
    const s = podStatus(
      pod(
        {
          phase: 'Running',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
          initContainerStatuses: [
            { name: 'proxy', ready: true, started: true, restartCount: 3, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(2 * MIN) } }, state: running },
            { name: 'migrate', restartCount: 1, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(MIN) } }, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          ],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 2, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: ago(7 * MIN) } }, state: running }],
        },
        spec,
      ),
      now,
    );
    expect([s.status, s.ready, s.restarts, s.lastRestartAt, s.restartsText]).toEqual(['Running', '2/2', 5, ago(2 * MIN), '5 (2m ago)']);
  });
});

describe('podStatus: deletion and restarts', () => {
  it('a deleting pod is Terminating unless it already finished', () => {
    const deleting = { deletionTimestamp: ago(MIN) };
    expect(podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: running }] }, undefined, deleting), now).status).toBe('Terminating');
    expect(podStatus(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }, undefined, deleting), now).status).toBe(
      'Completed',
    );
  });

  it('a deleting pod of a lost node is Unknown', () => {
    const s = podStatus(pod({ phase: 'Running', reason: 'NodeLost' }, undefined, { deletionTimestamp: ago(MIN) }), now);
    expect([s.status, s.severity]).toEqual(['Unknown', 'warning']);
  });

  it('RESTARTS shows the age of the last restart like kubectl', () => {
    const s = podStatus(
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', restartCount: 5, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(5 * MIN) } }, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      }),
      now,
    );
    expect([s.restarts, s.restartsText, s.lastRestartAt]).toEqual([5, '5 (5m ago)', ago(5 * MIN)]);
  });

  it('restarts without a last termination time print the bare count', () => {
    const s = podStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 2, ready: true, state: running }] }), now);
    expect(s.restartsText).toBe('2');
  });
});

describe('podStatus accepts client-node objects', () => {
  it('reads Date timestamps of a V1Pod', () => {
    const v1: V1Pod = {
      metadata: { name: 'p', creationTimestamp: new Date(now.getTime() - 10 * MIN) },
      spec: { containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', image: 'i', imageID: '', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: new Date(now.getTime() - 3 * MIN) } } },
        ],
      },
    };
    expect(podStatus(v1, now).restartsText).toBe('1 (3m ago)');
  });
});
