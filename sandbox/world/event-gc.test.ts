import { describe, expect, it } from 'vitest';
import { createEventGc } from './event-gc';
import { World } from './world';

describe('event GC', () => {
  it('deletes events an hour after they were last recorded', () => {
    const world = new World({ mode: 'manual', seed: 1 }).add(createEventGc()).start();
    const pod = world.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'eks-work' }, spec: { containers: [] } });
    world.events.record({ component: 'kubelet' }, pod, 'Normal', 'Pulled', 'once');
    world.advance(30 * 60_000);
    const repeated = world.events.record({ component: 'kubelet' }, pod, 'Warning', 'BackOff', 'again');
    world.advance(5 * 60_000);
    world.events.record({ component: 'kubelet' }, pod, 'Warning', 'BackOff', 'again');
    // 61 minutes after "once", 26 after the BackOff was last recorded.
    world.advance(26 * 60_000);
    expect(world.store.list('events', 'eks-work').map((e) => e.reason)).toEqual(['BackOff']);
    expect(world.store.get('events', 'eks-work', repeated.metadata.name)!.count).toBe(2);
    world.advance(35 * 60_000);
    expect(world.store.count('events')).toBe(0);
  });
});
