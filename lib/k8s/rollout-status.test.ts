import { describe, expect, it } from 'vitest';
import { rolloutStatus } from './rollout-status';

const meta = (name: string, generation = 2) => ({ name, generation });

describe('rolloutStatus', () => {
  it('words a Deployment rollout step by step as kubectl rollout status does', () => {
    const d = (status: object, extra: object = {}) => rolloutStatus('Deployment', { metadata: meta('backend-app'), spec: { replicas: 3 }, status: { observedGeneration: 2, ...status }, ...extra });
    expect(d({ updatedReplicas: 1, replicas: 3 }).message).toBe('Waiting for deployment "backend-app" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(d({ updatedReplicas: 3, replicas: 4 }).message).toBe('Waiting for deployment "backend-app" rollout to finish: 1 old replicas are pending termination...');
    expect(d({ updatedReplicas: 3, replicas: 3, availableReplicas: 2 }).message).toBe('Waiting for deployment "backend-app" rollout to finish: 2 of 3 updated replicas are available...');
    expect(d({ updatedReplicas: 3, replicas: 3, availableReplicas: 3 })).toEqual({ message: 'deployment "backend-app" successfully rolled out', done: true });
    expect(d({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })).toEqual({
      message: 'deployment "backend-app" exceeded its progress deadline',
      done: false,
      error: true,
    });
    expect(rolloutStatus('Deployment', { metadata: meta('x', 3), status: { observedGeneration: 2 } }).message).toBe('Waiting for deployment spec update to be observed...');
  });

  it('words DaemonSet and StatefulSet rollouts, and refuses OnDelete', () => {
    const rolling = { updateStrategy: { type: 'RollingUpdate' } };
    expect(
      rolloutStatus('DaemonSet', { metadata: meta('aws-node'), spec: rolling, status: { observedGeneration: 2, desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 3 } }).message,
    ).toBe('Waiting for daemon set "aws-node" rollout to finish: 3 of 4 updated pods are available...');
    expect(
      rolloutStatus('StatefulSet', {
        metadata: meta('postgres'),
        spec: { replicas: 1, ...rolling },
        status: { observedGeneration: 2, readyReplicas: 1, currentReplicas: 1, currentRevision: 'postgres-5d8', updateRevision: 'postgres-5d8' },
      }),
    ).toEqual({
      message: 'statefulset rolling update complete 1 pods at revision postgres-5d8...',
      done: true,
    });
    expect(rolloutStatus('StatefulSet', { metadata: meta('postgres'), spec: { replicas: 2, ...rolling }, status: { observedGeneration: 2, readyReplicas: 1 } }).message).toBe(
      'Waiting for 1 pods to be ready...',
    );
    expect(rolloutStatus('DaemonSet', { metadata: meta('x'), spec: { updateStrategy: { type: 'OnDelete' } } }).error).toBe(true);
  });
});
