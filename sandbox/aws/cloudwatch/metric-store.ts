/**
 * The sandbox's CloudWatch metrics: raw datapoints per metric (namespace, name and
 * dimension set, order-insensitive as in CloudWatch), aggregated per period on read.
 * Datapoints older than the retention window are dropped as new ones arrive.
 */
import type { MetricDatum, MetricSink } from '../metrics';
import { statistic } from './statistics';

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

interface Sample {
  time: number;
  value: number;
}

interface Series extends MetricId {
  samples: Sample[];
  unit?: string;
  lastPut: number;
}

export interface PeriodValue {
  /** Start of the period, ms. */
  timestamp: number;
  value: number;
  sampleCount: number;
}

/** How long raw datapoints are kept: long enough for a day's chart at any period. */
const RETENTION_MS = 24 * 3600_000;

export function metricKey(id: MetricId): string {
  const dims = Object.keys(id.dimensions)
    .sort()
    .map((k) => `${k}=${id.dimensions[k]}`)
    .join(',');
  return `${id.namespace}\u0000${id.metricName}\u0000${dims}`;
}

export class MetricStore implements MetricSink {
  private readonly series = new Map<string, Series>();

  constructor(private readonly now: () => number) {}

  put(datum: MetricDatum): void {
    const key = metricKey(datum);
    let s = this.series.get(key);
    if (!s) {
      s = { namespace: datum.namespace, metricName: datum.metricName, dimensions: { ...datum.dimensions }, samples: [], lastPut: 0 };
      this.series.set(key, s);
    }
    const time = datum.timestamp.getTime();
    const samples = s.samples;
    // Datapoints mostly arrive in order; insert in place when one does not.
    let i = samples.length;
    while (i > 0 && samples[i - 1].time > time) i--;
    samples.splice(i, 0, { time, value: datum.value });
    if (datum.unit) s.unit = datum.unit;
    s.lastPut = this.now();
    const cutoff = this.now() - RETENTION_MS;
    if (samples.length > 0 && samples[0].time < cutoff) {
      let drop = 0;
      while (drop < samples.length && samples[drop].time < cutoff) drop++;
      samples.splice(0, drop);
    }
  }

  /** The statistic per period over [start, end), periods aligned to multiples of `periodMs` from the epoch. */
  query(id: MetricId, stat: string, periodMs: number, start: number, end: number): PeriodValue[] {
    const s = this.series.get(metricKey(id));
    if (!s) return [];
    const buckets = new Map<number, number[]>();
    for (const sample of s.samples) {
      if (sample.time < start || sample.time >= end) continue;
      const bucket = Math.floor(sample.time / periodMs) * periodMs;
      let values = buckets.get(bucket);
      if (!values) buckets.set(bucket, (values = []));
      values.push(sample.value);
    }
    return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, values]) => ({ timestamp, value: statistic(stat, values)!, sampleCount: values.length }));
  }

  /** Every metric, optionally only those with a datapoint since `activeSince`. */
  list(activeSince?: number): MetricId[] {
    const out: MetricId[] = [];
    for (const s of this.series.values()) {
      if (activeSince !== undefined && s.lastPut < activeSince) continue;
      out.push({ namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions });
    }
    return out;
  }
}
