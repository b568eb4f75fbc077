import { describe, expect, it } from 'vitest';
import { createWorld } from './index';
import { everyNodeInTurn } from './node-agents';

describe('per-node agents', () => {
  it('visit every node once per interval, spread over its seconds', () => {
    const world = createWorld({ seed: 7, mode: 'manual', scenario: 'empty', scale: { nodes: 300, pods: 0 } });
    world.start();
    const visits = new Map<string, number[]>();
    const batches: number[] = [];
    const stop = everyNodeInTurn(world, 60_000, (nodes) => {
      batches.push(nodes.length);
      for (const node of nodes) visits.set(node.metadata.name, [...(visits.get(node.metadata.name) ?? []), world.nowMs()]);
    });
    const start = world.nowMs();
    world.advance(120_000);
    stop();
    expect(visits.size).toBe(300);
    for (const times of visits.values()) {
      expect(times).toHaveLength(2);
      expect(times[1] - times[0]).toBe(60_000);
      expect(times[0] - start).toBeGreaterThan(0);
      expect(times[0] - start).toBeLessThanOrEqual(60_000);
    }
    // Spread: no second carries more than a small share of the nodes.
    expect(batches.length).toBeGreaterThan(100);
    expect(Math.max(...batches)).toBeLessThan(20);
  });
});
