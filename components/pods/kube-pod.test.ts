import { describe, expect, it } from 'vitest';
import { describeProbe, describeState, podContainers, type KubePod } from './kube-pod';

describe('pod containers', () => {
  it('lists init, sidecar (restartable init) and app containers in that order, each with its own status', () => {
    const pod: KubePod = {
      metadata: { name: 'p', namespace: 'eks-work' },
      spec: { initContainers: [{ name: 'migrate' }, { name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] },
      status: { initContainerStatuses: [{ name: 'proxy', ready: true }], containerStatuses: [{ name: 'app', restartCount: 4 }] },
    };
    expect(podContainers(pod).map((c) => [c.kind, c.spec.name, c.status?.ready ?? c.status?.restartCount ?? null])).toEqual([
      ['init', 'migrate', null],
      ['sidecar', 'proxy', true],
      ['app', 'app', 4],
    ]);
  });

  it('describes probes and states as kubectl describe words them', () => {
    expect(describeProbe({ httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 })).toBe(
      'http-get http://:8080/health delay=10s timeout=1s period=5s #success=1 #failure=3',
    );
    expect(describeProbe({ exec: { command: ['pg_isready', '-U', 'postgres'] } })).toBe('exec [pg_isready -U postgres] delay=0s timeout=1s period=10s #success=1 #failure=3');
    expect(describeState({ waiting: { reason: 'CrashLoopBackOff' } })).toBe('Waiting: CrashLoopBackOff');
    expect(describeState({ terminated: { reason: 'OOMKilled', exitCode: 137 } })).toBe('Terminated: OOMKilled (exit code 137)');
  });
});
