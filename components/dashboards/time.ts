/** Dashboard time ranges and auto-refresh: pure helpers the page and its widgets share. */
import type { TimeRange } from '@/lib/dashboards/model';

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

export function describeRange(range: TimeRange): string {
  if (range.kind === 'absolute') return `${range.start.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '')} – ${range.end.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, '')} UTC`;
  const choice = RELATIVE_CHOICES.find((c) => c.seconds === range.seconds);
  if (choice) return `last ${choice.label}`;
  const minutes = Math.round(range.seconds / 60);
  return minutes % 60 === 0 ? `last ${minutes / 60}h` : `last ${minutes}m`;
}

/** The widget's own range when it has one, else the dashboard's. */
export function widgetRange(dashboard: TimeRange, own: TimeRange | undefined): TimeRange {
  return own ?? dashboard;
}
