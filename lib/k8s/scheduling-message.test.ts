import { describe, expect, it } from 'vitest';
import { parseSchedulingMessage } from './scheduling-message';

describe('parseSchedulingMessage', () => {
  it('splits a taint and insufficient CPU with their counts and the preemption part', () => {
    expect(
      parseSchedulingMessage(
        '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
      ),
    ).toEqual({
      available: 0,
      total: 4,
      reasons: [
        { count: 1, reason: 'node(s) had untolerated taint {dedicated: true}', kind: 'taint', taint: 'dedicated: true' },
        { count: 3, reason: 'Insufficient cpu', kind: 'insufficient', resource: 'cpu' },
      ],
      preemption: {
        available: 0,
        total: 4,
        reasons: [
          { count: 1, reason: 'Preemption is not helpful for scheduling', kind: 'other' },
          { count: 3, reason: 'No preemption victims found for incoming pod', kind: 'other' },
        ],
        text: '0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.',
      },
    });
  });

  it('recognises affinity, volume and memory reasons, and a preemption policy of Never', () => {
    const parsed = parseSchedulingMessage(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 Insufficient memory, 1 pod has unbound immediate PersistentVolumeClaims. preemption: not eligible due to preemptionPolicy=Never.",
    );
    expect(parsed?.reasons.map((r) => [r.count, r.kind, r.resource])).toEqual([
      [1, 'affinity', undefined],
      [1, 'insufficient', 'memory'],
      [1, 'volume', undefined],
    ]);
    expect(parsed?.reasons[2].unboundClaims).toBe(true);
    expect(parsed?.preemption).toEqual({ reasons: [], text: 'not eligible due to preemptionPolicy=Never.' });
  });

  it('reads a message without preemption and refuses other text', () => {
    expect(parseSchedulingMessage('0/1 nodes are available: 1 Insufficient pods.')).toEqual({
      available: 0,
      total: 1,
      reasons: [{ count: 1, reason: 'Insufficient pods', kind: 'insufficient', resource: 'pods' }],
    });
    expect(parseSchedulingMessage('running PreBind plugin "VolumeBinding": binding volumes: timed out')).toBeUndefined();
  });

  it('counts a reason without a count, a PreFilter rejection such as unbound PersistentVolumeClaims, against every node', () => {
    expect(
      parseSchedulingMessage('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.'),
    ).toEqual({
      available: 0,
      total: 2,
      reasons: [{ count: 2, reason: 'pod has unbound immediate PersistentVolumeClaims', kind: 'volume', unboundClaims: true }],
      preemption: {
        available: 0,
        total: 2,
        reasons: [{ count: 2, reason: 'Preemption is not helpful for scheduling', kind: 'other' }],
        text: '0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      },
    });
  });
});
