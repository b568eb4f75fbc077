/** A metric widget's series as Recharts rows: one row a timestamp, one column a series id. Pure. */
import type { MetricData } from '@/lib/metrics/types';

export interface MetricChart {
  series: { id: string; label: string }[];
  rows: ({ t: number } & Record<string, number>)[];
  refused: { id: string; label: string; reason: string }[];
}

export function metricChart(data: MetricData): MetricChart {
  const byTime = new Map<number, { t: number } & Record<string, number>>();
  const series: MetricChart['series'] = [];
  const refused: MetricChart['refused'] = [];
  for (const s of data.series) {
    if ('refused' in s) {
      refused.push({ id: s.id, label: s.label, reason: s.refused.reason });
      continue;
    }
    series.push({ id: s.id, label: s.label });
    for (const p of s.points) {
      const row = byTime.get(p.t) ?? { t: p.t };
      row[s.id] = p.v;
      byTime.set(p.t, row);
    }
  }
  return { series, rows: [...byTime.values()].sort((a, b) => a.t - b.t), refused };
}

/** UTC time of day, with the date when the range spans more than a day. */
export function timeTick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/** `count` ticks spread over [start, end], each on a whole minute, so the axis spans the dashboard's range. */
export function timeTicks(start: number, end: number, count = 5): number[] {
  const step = (end - start) / (count - 1);
  const minute = (t: number) => Math.min(Math.floor(end / 60_000), Math.max(Math.ceil(start / 60_000), Math.round(t / 60_000))) * 60_000;
  return [...new Set(Array.from({ length: count }, (_, i) => minute(start + step * i)))].filter((t) => t >= start && t <= end);
}
