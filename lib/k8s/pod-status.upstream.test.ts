/**
 * Cases ported from kubernetes/kubernetes pkg/printers/internalversion/printers_test.go,
 * TestPrintPod and TestPrintPodWithRestartableInitContainer (the printer kubectl 1.32 uses).
 * Each case keeps upstream's pod and its expected READY, STATUS and RESTARTS cells; upstream's
 * `time.Now().Add(-d)` becomes `ago(d)` against a fixed clock. Containers made with
 * `make([]api.Container, n)` have empty names, as there.
 */
import { describe, expect, it } from 'vitest';
import { podStatus, type PodLike } from './pod-status';

const now = new Date('2026-03-01T12:00:00Z');
const SEC = 1_000;
const DAY = 24 * 3_600 * SEC;
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const unnamed = (n: number) => Array.from({ length: n }, () => ({ name: '' }));
const running = { running: {} };
const lastTerminated = (ms: number) => ({ terminated: { finishedAt: ago(ms) } });
const always = (name: string) => ({ name, restartPolicy: 'Always' });

interface UpstreamCase {
  name: string;
  pod: PodLike;
  /** upstream's Cells[1..3]: READY, STATUS, RESTARTS. */
  expect: [string, string, string];
}

const printPodCases: UpstreamCase[] = [
  {
    name: 'test1: name, num of containers, restarts, container ready status',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: running },
          { name: '', restartCount: 3 },
        ],
      },
    },
    expect: ['1/2', 'podPhase', '6'],
  },
  {
    name: 'test2: container error overwrites pod phase',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: running },
          { name: '', restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
        ],
      },
    },
    expect: ['1/2', 'ContainerWaitingReason', '6'],
  },
  {
    name: 'test3: terminated state, and the first container overwrites the rest',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } },
          { name: '', restartCount: 3, state: { terminated: { reason: 'ContainerTerminatedReason' } } },
        ],
      },
    },
    expect: ['0/2', 'ContainerWaitingReason', '6'],
  },
  {
    name: 'test4: ready is not enough for reporting running',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: running },
          { name: '', ready: true, restartCount: 3 },
        ],
      },
    },
    expect: ['1/2', 'podPhase', '6'],
  },
  {
    name: 'test5: the pod reason wins over the phase',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        reason: 'podReason',
        phase: 'podPhase',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: running },
          { name: '', ready: true, restartCount: 3 },
        ],
      },
    },
    expect: ['1/2', 'podReason', '6'],
  },
  {
    name: 'test6: one container running and one completed, without the Ready condition',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'Running',
        reason: '',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: '', ready: true, restartCount: 3, state: running },
        ],
      },
    },
    expect: ['1/2', 'NotReady', '6'],
  },
  {
    name: 'test6: one container running and one completed, with the Ready condition',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'Running',
        reason: '',
        containerStatuses: [
          { name: '', ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: '', ready: true, restartCount: 3, state: running },
        ],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    },
    expect: ['1/2', 'Running', '6'],
  },
  {
    name: 'test7: 1 init container restarting and 1 container not running',
    pod: {
      spec: { initContainers: unnamed(1), containers: unnamed(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [{ name: '', ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) }],
        containerStatuses: [{ name: '', ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    expect: ['0/1', 'Init:0/1', '3 (10s ago)'],
  },
  {
    name: 'test8: 2 init containers, one restarting and the other not running, and 1 container not running',
    pod: {
      spec: { initContainers: unnamed(2), containers: unnamed(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: '', ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
          { name: '', ready: false, state: { waiting: {} } },
        ],
        containerStatuses: [{ name: '', ready: false, state: { waiting: {} } }],
      },
    },
    expect: ['0/1', 'Init:0/2', '3 (10s ago)'],
  },
  {
    name: 'test9: 2 init containers, one completed without restarts and the other restarting',
    pod: {
      spec: { initContainers: unnamed(2), containers: unnamed(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: '', ready: false, state: { terminated: {} } },
          { name: '', ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
        ],
        containerStatuses: [{ name: '', ready: false, state: { waiting: {} } }],
      },
    },
    expect: ['0/1', 'Init:1/2', '3 (10s ago)'],
  },
  {
    name: 'test10: 2 init containers, one completed with restarts and the other restarting',
    pod: {
      spec: { initContainers: unnamed(2), containers: unnamed(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { name: '', ready: false, restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(120 * SEC) },
          { name: '', ready: false, restartCount: 3, state: running, lastState: lastTerminated(10 * SEC) },
        ],
        containerStatuses: [{ name: '', ready: false, state: { waiting: {} } }],
      },
    },
    expect: ['0/1', 'Init:1/2', '5 (10s ago)'],
  },
  {
    name: 'test11: 1 init container completed with restarts and one container restarting',
    pod: {
      spec: { initContainers: unnamed(1), containers: unnamed(1) },
      status: {
        phase: 'Running',
        initContainerStatuses: [{ name: '', ready: false, restartCount: 2, state: { terminated: {} }, lastState: lastTerminated(120 * SEC) }],
        containerStatuses: [{ name: '', ready: false, restartCount: 4, state: running, lastState: lastTerminated(20 * SEC) }],
      },
    },
    expect: ['0/1', 'Running', '4 (20s ago)'],
  },
  {
    name: 'test12: 1 container that restarted 5d ago',
    pod: {
      spec: { containers: unnamed(1) },
      status: { phase: 'Running', containerStatuses: [{ name: '', ready: true, restartCount: 3, state: running, lastState: lastTerminated(5 * DAY) }] },
    },
    expect: ['1/1', 'Running', '3 (5d ago)'],
  },
  {
    name: 'test13: 2 containers, one never restarted and the other restarted 10d ago',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: '', ready: true, restartCount: 0, state: running },
          { name: '', ready: true, restartCount: 3, state: running, lastState: lastTerminated(10 * DAY) },
        ],
      },
    },
    expect: ['2/2', 'Running', '3 (10d ago)'],
  },
  {
    name: 'test14: 2 containers, one restarted 5d ago and the other 20d ago',
    pod: {
      spec: { containers: unnamed(2) },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: '', ready: true, restartCount: 6, state: running, lastState: lastTerminated(5 * DAY) },
          { name: '', ready: true, restartCount: 3, state: running, lastState: lastTerminated(20 * DAY) },
        ],
      },
    },
    expect: ['2/2', 'Running', '9 (5d ago)'],
  },
  {
    name: 'test15: PodScheduled condition with reason SchedulingGated',
    pod: {
      spec: { containers: unnamed(2) },
      status: { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] },
    },
    expect: ['0/2', 'SchedulingGated', '0'],
  },
  {
    name: 'test16: pod succeeded',
    pod: {
      spec: { containers: unnamed(1) },
      status: { phase: 'Succeeded', containerStatuses: [{ name: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
    },
    expect: ['0/1', 'Completed', '0'],
  },
  {
    name: 'test17: pod failed',
    pod: {
      spec: { containers: unnamed(1) },
      status: { phase: 'Failed', containerStatuses: [{ name: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 1 } } }] },
    },
    expect: ['0/1', 'Error', '0'],
  },
  {
    name: 'test18: pod succeeded, with deletion',
    pod: {
      metadata: { deletionTimestamp: ago(10 * SEC) },
      spec: { containers: unnamed(1) },
      status: { phase: 'Succeeded', containerStatuses: [{ name: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] },
    },
    expect: ['0/1', 'Completed', '0'],
  },
  {
    name: 'test19: pod running, with deletion',
    pod: {
      metadata: { deletionTimestamp: ago(10 * SEC) },
      spec: { containers: unnamed(1) },
      status: { phase: 'Running', containerStatuses: [{ name: '', ready: false, restartCount: 0, state: running }] },
    },
    expect: ['0/1', 'Terminating', '0'],
  },
  {
    name: 'test20: pod pending, with deletion',
    pod: { metadata: { deletionTimestamp: ago(10 * SEC) }, spec: { containers: unnamed(1) }, status: { phase: 'Pending' } },
    expect: ['0/1', 'Terminating', '0'],
  },
];

type ContainerStatus = NonNullable<NonNullable<PodLike['status']>['containerStatuses']>[number];

/** upstream's pods with two restartable init containers and one app container. */
function sidecarPod(phase: string, initialized: boolean, initStatuses: [ContainerStatus, ContainerStatus], app: ContainerStatus): PodLike {
  return {
    spec: { initContainers: [always('restartable-init-1'), always('restartable-init-2')], containers: unnamed(1) },
    status: {
      phase,
      initContainerStatuses: initStatuses,
      containerStatuses: [app],
      conditions: [{ type: 'Initialized', status: initialized ? 'True' : 'False' }],
    },
  };
}

const firstSidecar = (state: ContainerStatus['state'], started: boolean): ContainerStatus => ({
  name: 'restartable-init-1',
  ready: false,
  restartCount: 3,
  state,
  started,
  lastState: lastTerminated(10 * SEC),
});
const secondSidecar = (state: ContainerStatus['state'], started: boolean): ContainerStatus => ({ name: 'restartable-init-2', ready: false, state, started });
const waitingApp: ContainerStatus = { name: '', ready: false, restartCount: 0, state: { waiting: {} } };
const killed = { terminated: { reason: 'Error', exitCode: 137 } };

const restartableInitCases: UpstreamCase[] = [
  {
    name: 'test1: 2 restartable init containers, the first running but not started',
    pod: sidecarPod('Pending', false, [firstSidecar(running, false), secondSidecar({ waiting: {} }, false)], waitingApp),
    expect: ['0/3', 'Init:0/2', '3 (10s ago)'],
  },
  {
    name: 'test1: 2 restartable init containers, the first started and the second running but not started',
    pod: sidecarPod('Pending', false, [firstSidecar(running, true), secondSidecar(running, false)], waitingApp),
    expect: ['0/3', 'Init:1/2', '3 (10s ago)'],
  },
  {
    name: 'test2: 2 restartable init containers started and 1 container running',
    pod: sidecarPod('Running', true, [firstSidecar(running, true), secondSidecar(running, true)], {
      name: '',
      ready: true,
      restartCount: 4,
      state: running,
      lastState: lastTerminated(20 * SEC),
    }),
    expect: ['1/3', 'Running', '7 (10s ago)'],
  },
  {
    name: 'test3: 2 restartable init containers completed with non-zero and 1 container completed',
    pod: sidecarPod('Succeeded', true, [firstSidecar(killed, false), secondSidecar(killed, false)], {
      name: '',
      ready: false,
      restartCount: 4,
      state: { terminated: { reason: 'Completed', exitCode: 0 } },
      lastState: lastTerminated(20 * SEC),
    }),
    expect: ['0/3', 'Completed', '7 (10s ago)'],
  },
  {
    name: 'test4: container statuses for non-existent init containers and containers',
    pod: {
      spec: { initContainers: [{ name: 'init1' }, always('sidecar1')], containers: [{ name: 'container1' }] },
      status: {
        phase: 'Running',
        initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
        containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }],
      },
    },
    expect: ['0/2', 'Init:0/2', '0'],
  },
];

function cells(pod: PodLike): [string, string, string] {
  const s = podStatus(pod, now);
  return [s.ready, s.status, s.restartsText];
}

describe('podStatus matches printers_test.go TestPrintPod', () => {
  it.each(printPodCases)('$name', ({ pod, expect: expected }) => {
    expect(cells(pod)).toEqual(expected);
  });
});

describe('podStatus matches printers_test.go TestPrintPodWithRestartableInitContainer', () => {
  it.each(restartableInitCases)('$name', ({ pod, expect: expected }) => {
    expect(cells(pod)).toEqual(expected);
  });
});
