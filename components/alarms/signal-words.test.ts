import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { clusterSignals, type ClusterObjects } from '@/lib/signals/signals';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { signalMessage, signalTitle } from './words';

const now = new Date('2026-11-23T14:00:00Z');
const pod = (name: string, status: Record<string, unknown>) => ({
  metadata: { namespace: 'eks-work', name, creationTimestamp: '2026-11-23T13:00:00Z' },
  spec: { containers: [{ name: 'app' }] },
  status,
});

// One object for each kind of signal, in the shapes the API server returns (core/v1 Pod and Node, autoscaling/v2, apps/v1, batch/v1, events).
const objects = {
  pods: [
    pod('crash', {
      phase: 'Running',
      containerStatuses: [{ name: 'app', restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'Error' } } }],
    }),
    pod('pull', { phase: 'Pending', containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }] }),
    pod('oom', { phase: 'Running', containerStatuses: [{ name: 'app', restartCount: 2, state: { terminated: { reason: 'OOMKilled', finishedAt: '2026-11-23T13:59:00Z' } } }] }),
    pod('unschedulable', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
    pod('waiting', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] }),
  ],
  nodes: [
    { metadata: { name: 'ip-1' }, status: { conditions: [] } },
    {
      metadata: { name: 'ip-2' },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'DiskPressure', status: 'True', message: 'kubelet has disk pressure' },
        ],
      },
    },
  ],
  hpas: [
    {
      metadata: { namespace: 'eks-work', name: 'backend-app' },
      spec: {
        maxReplicas: 10,
        scaleTargetRef: { kind: 'Deployment', name: 'backend-app' },
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } },
        ],
      },
      status: {
        currentReplicas: 10,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 87 } } },
          { type: 'Resource', resource: { name: 'memory', current: { averageUtilization: 75 } } },
        ],
      },
    },
  ],
  deployments: [
    {
      metadata: { namespace: 'eks-work', name: 'api', generation: 2 },
      spec: { replicas: 2 },
      status: { observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "api-5d9" has timed out progressing.' }] },
    },
    // A controller that set the reason but no message: the fallback is kubectl rollout status's sentence for that reason.
    {
      metadata: { namespace: 'eks-work', name: 'worker', generation: 1 },
      spec: { replicas: 1 },
      status: { observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
    },
  ],
  jobs: [
    { metadata: { namespace: 'eks-work', name: 'nightly' }, spec: { backoffLimit: 4 }, status: { failed: 1, active: 1 } },
    {
      metadata: { namespace: 'eks-work', name: 'report' },
      status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] },
    },
  ],
  events: [{ type: 'Warning', reason: 'BackOff', count: 12, lastTimestamp: '2026-11-23T13:58:00Z', involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'crash' } }],
} as unknown as ClusterObjects;

const signals = clusterSignals('c1', objects, now);
const english = createTranslator({ locale: 'en', messages: en, namespace: 'Alarms' });
const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Alarms' });

describe("the signals' words", () => {
  it('cover every kind of signal', () => {
    expect(new Set(signals.map((s) => s.kind))).toEqual(
      new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'OOMKilled', 'Unschedulable', 'PendingTooLong', 'NodeNotReady', 'NodePressure', 'HpaAtMax', 'RolloutStuck', 'JobFailing', 'WarningEventBurst']),
    );
  });

  it('read in English exactly as the signal says itself', () => {
    expect(signals.find((s) => s.id === 'RolloutStuck/eks-work/worker')?.message).toBe('deployment "worker" exceeded its progress deadline');
    expect(signals.map((s) => [signalTitle(s, english), signalMessage(s, english)])).toEqual(signals.map((s) => [s.title, s.message]));
  });

  it("read in Korean, with the API server's own messages kept as they came", () => {
    const said = Object.fromEntries(signals.map((s) => [s.id, [signalTitle(s, korean), signalMessage(s, korean)]]));
    expect(said['CrashLoopBackOff/eks-work/crash']).toEqual(['crash: CrashLoopBackOff 상태', '컨테이너 app 재시작 7회, 마지막 종료 코드 137 (Error)']);
    expect(said['PendingTooLong/eks-work/waiting']).toEqual(['waiting: 60분째 Pending', '상태 Pending']);
    expect(said['HpaAtMax/eks-work/backend-app']).toEqual(['backend-app: 최대 레플리카 10개에 도달', '목표 초과: cpu 87% (목표 50%), memory 75% (목표 60%)']);
    expect(said['RolloutStuck/eks-work/api']).toEqual(['api: 롤아웃이 진행되지 않음', 'ReplicaSet "api-5d9" has timed out progressing.']);
    expect(said['RolloutStuck/eks-work/worker']).toEqual(['worker: 롤아웃이 진행되지 않음', 'Deployment "worker"가 진행 기한(progressDeadlineSeconds)을 넘김']);
    expect(said['JobFailing/eks-work/nightly']).toEqual(['nightly: 실패한 파드 1개', 'backoffLimit 4회 중 1회 재시도 사용']);
    expect(said['WarningEventBurst/Pod/eks-work/crash']).toEqual(['Pod crash: 10분 동안 Warning 이벤트 12건', 'BackOff ×12']);
  });
});
