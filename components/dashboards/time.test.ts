import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
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

  it('describes ranges as the picker shows them, in English and Korean', () => {
    const ranges = [
      { kind: 'relative', seconds: 10800 },
      { kind: 'relative', seconds: 7200 },
      { kind: 'absolute', start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T06:00:00.000Z' },
    ] as const;
    const english = createTranslator({ locale: 'en', messages: en, namespace: 'Dashboards' });
    const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Dashboards' });
    expect(ranges.map((r) => describeRange(r, english))).toEqual(['last 3h', 'last 2h', '2026-01-01 00:00 – 2026-01-01 06:00 UTC']);
    expect(ranges.map((r) => describeRange(r, korean))).toEqual(['최근 3h', '최근 2h', '2026-01-01 00:00 – 2026-01-01 06:00 UTC']);
  });
});
