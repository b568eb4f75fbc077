/** The HPA history chart's series: samples as points, metrics in display units, scale events as markers. Pure. */
import type { HpaSample, SampleMetric } from '@/server/hpa/samples';
import type { EventRow } from '@/server/k8s/events';

export interface ChartPoint {
  t: number;
  current: number;
  desired: number;
  /** [minReplicas, maxReplicas], drawn as a band. */
  bounds: [number, number];
  ready: number;
  pending: number;
  unschedulable: number;
  /** metric i's current value and target as `m{i}` and `m{i}target`, in the series' unit. */
  [metric: `m${number}` | `m${number}target`]: number | null;
}

export interface MetricSeries {
  key: `m${number}`;
  targetKey: `m${number}target`;
  label: string;
  unit: string;
}

export interface ChartMarker {
  t: number;
  reason: string;
  message: string;
  warning: boolean;
}

const MIB = 1024 * 1024;

/** A sample metric in what people read: percent of requests, millicores, MiB, or the plain value. */
export function displayValue(metric: Pick<SampleMetric, 'name' | 'unit'>, value: number | null): number | null {
  if (value === null) return null;
  if (metric.unit === 'percent' || metric.name === 'cpu') return value;
  if (metric.name === 'memory') return Math.round((value / 1000 / MIB) * 10) / 10;
  return value / 1000;
}

export function unitOf(metric: Pick<SampleMetric, 'name' | 'unit'>): string {
  if (metric.unit === 'percent') return '% of request';
  if (metric.name === 'cpu') return 'millicores';
  if (metric.name === 'memory') return 'MiB';
  return 'value';
}

export function chartData(samples: HpaSample[], events: EventRow[]): { points: ChartPoint[]; metrics: MetricSeries[]; markers: ChartMarker[] } {
  const latest = samples.at(-1)?.metrics ?? [];
  const metrics: MetricSeries[] = latest.map((m, i) => ({ key: `m${i}`, targetKey: `m${i}target`, label: `${m.name} (${unitOf(m)})`, unit: unitOf(m) }));
  const points = samples.map((s) => {
    const point: ChartPoint = {
      t: Date.parse(s.at),
      current: s.currentReplicas,
      desired: s.desiredReplicas,
      bounds: [s.minReplicas, s.maxReplicas],
      ready: s.pods.ready,
      pending: s.pods.pending,
      unschedulable: s.pods.unschedulable,
    };
    s.metrics.forEach((m, i) => {
      point[`m${i}`] = displayValue(m, m.current);
      point[`m${i}target`] = displayValue(m, m.target);
    });
    return point;
  });
  const markers = events
    .map((e) => ({ t: Date.parse(e.lastSeen ?? e.firstSeen ?? ''), reason: e.reason, message: e.message, warning: e.type === 'Warning' }))
    .filter((m) => !Number.isNaN(m.t))
    .sort((a, b) => a.t - b.t);
  return { points, metrics, markers };
}
