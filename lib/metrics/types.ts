/** The metric data console API's answer, shared by the server and the metric widget. Pure. */
import type { MetricPoint } from '../alarms/types';

export type MetricSeriesData = { id: string; label: string; period: number; points: MetricPoint[] } | { id: string; label: string; refused: { kind: 'Forbidden' | 'Unsupported'; reason: string } };

export interface MetricData {
  start: string;
  end: string;
  series: MetricSeriesData[];
}
