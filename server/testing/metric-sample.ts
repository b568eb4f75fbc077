import 'server-only';
/** Test scaffolding: one series' value in the process's registry. */
import { consoleMetrics } from '../observability/metrics';

/** The value of `name` (a series name such as `x_total` or `x_duration_seconds_count`) with exactly `labels`; undefined when absent. */
export async function metricSample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const { registry } = consoleMetrics();
  const family = registry.getSingleMetric(name.replace(/_(count|sum|bucket)$/, '')) ?? registry.getSingleMetric(name);
  if (!family) return undefined;
  const { name: familyName, values } = await family.get();
  const want = JSON.stringify(Object.entries(labels).sort());
  // A histogram's series carry their own names (`_count`, `_sum`, `_bucket`); a counter's and a gauge's none.
  const hit = values.find((v) => ((v as { metricName?: string }).metricName ?? familyName) === name && JSON.stringify(Object.entries(v.labels).sort()) === want);
  return hit?.value;
}
