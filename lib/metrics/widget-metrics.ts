/**
 * A CloudWatch metric widget's `metrics` array read as GetMetricData queries. Each entry is
 * `[namespace, metricName, dimName, dimValue, ..., {options}]`; a "." repeats the value in the
 * same position of the entry before; options carry stat, period, label, id, region, visible.
 * Metric math entries (`[{ expression }]`) are recognised and reported, not run. Pure.
 */
export type Dimensions = Record<string, string>;

export interface WidgetMetric {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Dimensions;
  stat: string;
  period: number;
  label: string;
  region: string | undefined;
  visible: boolean;
}

export type WidgetEntry = { kind: 'metric'; metric: WidgetMetric } | { kind: 'unsupported'; id: string; label: string; reason: string };

export interface WidgetDefaults {
  stat?: string;
  period?: number;
  region?: string;
}

/** At most this many metrics in one widget (CloudWatch's graph limit is 500; a widget beyond 100 is unreadable). */
export const MAX_WIDGET_METRICS = 100;

/** CloudWatch's statistics: the five named ones, percentiles, trimmed means and the like (p99, tm90, TS(10%:90%)). */
const STAT = /^(SampleCount|Average|Sum|Minimum|Maximum|(p|tm|wm|tc|ts|pr|TM|WM|TC|TS|PR)\d{1,2}(\.\d{1,10})?|(TM|WM|TC|TS|PR)\([\d.%:]+\))$/;
const ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

export class WidgetMetricsError extends Error {}

function fail(index: number, message: string): never {
  throw new WidgetMetricsError(`metrics[${index}]: ${message}`);
}

function optionsOf(entry: unknown[]): Record<string, unknown> | undefined {
  const last = entry[entry.length - 1];
  return last && typeof last === 'object' && !Array.isArray(last) ? (last as Record<string, unknown>) : undefined;
}

function text(value: unknown, index: number, what: string, max = 1024): string {
  if (typeof value !== 'string' || !value || value.length > max) fail(index, `${what} is a string of 1-${max} characters`);
  return value;
}

/** A period CloudWatch accepts: 1, 5, 10, 30 or a multiple of 60 seconds. */
export function validPeriod(period: number): boolean {
  return Number.isInteger(period) && period > 0 && ([1, 5, 10, 30].includes(period) || period % 60 === 0);
}

/** The widget's entries, "." repeats resolved, each with its stat, period and label. */
export function widgetMetrics(metrics: unknown, defaults: WidgetDefaults = {}): WidgetEntry[] {
  if (!Array.isArray(metrics) || metrics.length === 0) throw new WidgetMetricsError('metrics is a non-empty array of metric arrays');
  if (metrics.length > MAX_WIDGET_METRICS) throw new WidgetMetricsError(`a widget draws at most ${MAX_WIDGET_METRICS} metrics`);
  const out: WidgetEntry[] = [];
  let previous: string[] = [];
  metrics.forEach((entry, index) => {
    if (!Array.isArray(entry) || entry.length === 0) fail(index, 'each metric is an array');
    const options = optionsOf(entry) ?? {};
    const parts = optionsOf(entry) ? entry.slice(0, -1) : entry;
    const id = options.id === undefined ? `m${index + 1}` : text(options.id, index, 'id', 255);
    if (!ID.test(id)) fail(index, 'an id starts with a lowercase letter and has only letters, digits and "_"');
    const label = options.label === undefined ? undefined : text(options.label, index, 'label', 1024);
    if (typeof options.expression === 'string' && parts.length === 0) {
      out.push({ kind: 'unsupported', id, label: label ?? options.expression, reason: 'metric math expressions are drawn by CloudWatch only' });
      return;
    }
    const resolved = parts.map((p, i) => {
      if (p === '.') {
        if (previous[i] === undefined) fail(index, `"." at position ${i} repeats nothing: the metric before has no value there`);
        return previous[i];
      }
      return text(p, index, `position ${i}`, 1024);
    });
    if (resolved.length < 2 || resolved.length % 2 !== 0) fail(index, 'a metric is a namespace, a metric name and dimension name/value pairs');
    if (resolved.length > 2 + 2 * 30) fail(index, 'a metric has at most 30 dimensions');
    previous = resolved;
    const [namespace, metricName, ...pairs] = resolved;
    const dimensions: Dimensions = {};
    for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
    const stat = options.stat === undefined ? (defaults.stat ?? 'Average') : text(options.stat, index, 'stat', 64);
    if (!STAT.test(stat)) fail(index, `"${stat}" is not a CloudWatch statistic`);
    const period = options.period === undefined ? (defaults.period ?? 300) : Number(options.period);
    if (!validPeriod(period)) fail(index, 'a period is 1, 5, 10, 30 or a multiple of 60 seconds');
    const region = options.region === undefined ? defaults.region : text(options.region, index, 'region', 64);
    const dimText = Object.values(dimensions).join(' ');
    out.push({
      kind: 'metric',
      metric: { id, namespace, metricName, dimensions, stat, period, region, label: label ?? (dimText ? `${metricName} ${dimText}` : metricName), visible: options.visible !== false },
    });
  });
  const ids = out.map((e) => (e.kind === 'metric' ? e.metric.id : e.id));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new WidgetMetricsError(`the id "${duplicate}" is used twice`);
  return out;
}

/** CloudWatch's graphs draw at most 1,440 points a series: a longer range gets a longer period. */
export const MAX_POINTS = 1440;

export function periodForRange(period: number, rangeSeconds: number, maxPoints = MAX_POINTS): number {
  const most = Math.min(MAX_POINTS, maxPoints);
  if (rangeSeconds / period <= most) return period;
  return Math.ceil(rangeSeconds / most / 60) * 60;
}
