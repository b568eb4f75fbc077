/** Dashboard time ranges and auto-refresh: pure helpers the page and its widgets share. */
import type { createTranslator } from 'next-intl';
import type { TimeRange } from '@/lib/dashboards/model';
import type en from '@/messages/en.json';

export const RELATIVE_CHOICES: { label: string; seconds: number }[] = [
  { label: '15m', seconds: 900 },
  { label: '1h', seconds: 3600 },
  { label: '3h', seconds: 3 * 3600 },
  { label: '12h', seconds: 12 * 3600 },
  { label: '1d', seconds: 86400 },
  { label: '1w', seconds: 7 * 86400 },
];

export const REFRESH_CHOICES = [
  { label: 'Off', ms: 0 },
  { label: '10s', ms: 10_000 },
  { label: '1m', ms: 60_000 },
  { label: '5m', ms: 300_000 },
] as const;

/** The range's ends in epoch seconds, a relative one counted back from `nowMs`. */
export function resolveRange(range: TimeRange, nowMs: number): { start: number; end: number } {
  if (range.kind === 'absolute') return { start: Math.floor(Date.parse(range.start) / 1000), end: Math.floor(Date.parse(range.end) / 1000) };
  const end = Math.floor(nowMs / 1000);
  return { start: end - range.seconds, end };
}

/** The range as the picker shows it: "last 3h", or an absolute range's ends to the minute in UTC. */
export function describeRange(range: TimeRange, t: ReturnType<typeof createTranslator<typeof en, 'Dashboards'>>): string {
  if (range.kind === 'absolute') return t('absoluteRange', { start: range.start.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ''), end: range.end.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '') });
  const choice = RELATIVE_CHOICES.find((c) => c.seconds === range.seconds);
  if (choice) return t('lastRange', { range: choice.label });
  const minutes = Math.round(range.seconds / 60);
  return t('lastRange', { range: minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m` });
}

/** The widget's own range when it has one, else the dashboard's. */
export function widgetRange(dashboard: TimeRange, own: TimeRange | undefined): TimeRange {
  return own ?? dashboard;
}
