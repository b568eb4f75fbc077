import { describe, expect, it } from 'vitest';
import { namespaceWithMostProblems } from './landing-namespace';

const now = new Date('2026-11-23T12:00:00Z');

const running = (namespace: string, name: string) => ({
  metadata: { namespace, name, creationTimestamp: '2026-11-23T10:00:00Z' },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-23T10:00:05Z' } } }] },
});

// kubectl prints CrashLoopBackOff for a container waiting with that reason: an error.
const crashing = (namespace: string, name: string) => ({
  metadata: { namespace, name, creationTimestamp: '2026-11-23T10:00:00Z' },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
});

// The scheduler's PodScheduled=False reason Unschedulable: a problem from that moment.
const unschedulable = (namespace: string, name: string) => ({
  metadata: { namespace, name, creationTimestamp: '2026-11-23T11:59:00Z' },
  spec: { containers: [{ name: 'app' }] },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] },
});

describe('the namespace a reader of the whole cluster lands in', () => {
  it('is the one with the most problem pods, however many healthy pods the others have', () => {
    const pods = [
      ...Array.from({ length: 20 }, (_, i) => running('default', `web-${i}`)),
      crashing('default', 'one'),
      crashing('eks-work', 'backend-app-crash'),
      unschedulable('eks-work', 'pending-1'),
      running('eks-work', 'frontend-web'),
    ];
    expect(namespaceWithMostProblems(pods, now)).toEqual({ namespace: 'eks-work', problems: 2 });
  });

  it('breaks a tie by name, and is none when no pod has a problem', () => {
    expect(namespaceWithMostProblems([crashing('b', 'x'), crashing('a', 'y')], now)).toEqual({ namespace: 'a', problems: 1 });
    expect(namespaceWithMostProblems([running('default', 'web'), running('eks-work', 'api')], now)).toBeNull();
    expect(namespaceWithMostProblems([], now)).toBeNull();
  });
});
