import { describe, expect, it } from 'vitest';
import { describeRange, resolveRange, widgetRange } from './time';

describe('dashboard time range', () => {
  it('counts a relative range back from now, in epoch seconds', () => {
    expect(resolveRange({ kind: 'relative', seconds: 3600 }, Date.parse('2026-01-01T01:00:00.500Z'))).toEqual({ start: 1767225600, end: 1767229200 });
  });

  it('keeps an absolute range as it is', () => {
    expect(resolveRange({ kind: 'absolute', start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:30:00Z' }, 0)).toEqual({ start: 1767225600, end: 1767227400 });
  });

  it('a widget inherits the dashboard range unless it overrides it', () => {
    const dashboard = { kind: 'relative', seconds: 3600 } as const;
    const own = { kind: 'relative', seconds: 900 } as const;
    expect([widgetRange(dashboard, undefined), widgetRange(dashboard, own)]).toEqual([dashboard, own]);
  });

  it('describes ranges as the picker shows them', () => {
    expect([
      describeRange({ kind: 'relative', seconds: 10800 }),
      describeRange({ kind: 'relative', seconds: 7200 }),
      describeRange({ kind: 'absolute', start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T06:00:00.000Z' }),
    ]).toEqual(['last 3h', 'last 2h', '2026-01-01 00:00 – 2026-01-01 06:00 UTC']);
  });
});
