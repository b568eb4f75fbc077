import { describe, expect, it } from 'vitest';
import { metricChart, timeTick, timeTicks } from './metric-chart';

describe('metric widget chart rows', () => {
  it('joins series on their timestamps, leaves gaps where a series has no datapoint, and lists refusals apart', () => {
    const chart = metricChart({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T00:03:00.000Z',
      series: [
        {
          id: 'm1',
          label: 'cpu',
          period: 60,
          points: [
            { t: 120_000, v: 2 },
            { t: 60_000, v: 1 },
          ],
        },
        {
          id: 'm2',
          label: 'errors',
          period: 60,
          points: [
            { t: 120_000, v: 5 },
            { t: 180_000, v: 7 },
          ],
        },
        { id: 'm3', label: 'eks-work cpu', refused: { kind: 'Forbidden', reason: 'you may not see this metric: it needs get pods in namespace eks-work' } },
      ],
    });
    expect(chart).toEqual({
      series: [
        { id: 'm1', label: 'cpu' },
        { id: 'm2', label: 'errors' },
      ],
      rows: [
        { t: 60_000, m1: 1 },
        { t: 120_000, m1: 2, m2: 5 },
        { t: 180_000, m2: 7 },
      ],
      refused: [{ id: 'm3', label: 'eks-work cpu', reason: 'you may not see this metric: it needs get pods in namespace eks-work' }],
    });
  });

  it('labels ticks with the UTC time, and the date beyond a day', () => {
    const t = Date.parse('2026-03-04T05:06:00Z');
    expect(timeTick(t, 3_600_000)).toBe('05:06');
    expect(timeTick(t, 2 * 86_400_000)).toBe('03-04 05:06');
  });

  it('spreads ticks over the whole range on whole minutes', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    expect(timeTicks(start, start + 15 * 60_000).map((t) => timeTick(t, 15 * 60_000))).toEqual(['00:00', '00:04', '00:08', '00:11', '00:15']);
    expect(timeTicks(start + 30_000, start + 90_000, 3)).toEqual([start + 60_000]);
    // A range starting at 00:00:20 starts its axis at 00:01, not before the range.
    expect(timeTicks(start + 20_000, start + 15 * 60_000 + 20_000).map((t) => timeTick(t, 15 * 60_000))).toEqual(['00:01', '00:04', '00:08', '00:12', '00:15']);
  });
});
