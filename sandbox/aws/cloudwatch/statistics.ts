/**
 * CloudWatch's statistics over the values of one period: SampleCount, Sum, Average,
 * Minimum, Maximum and percentiles (`p90`, `p99.9`), as GetMetricData and alarms compute them.
 */

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100)$/;

export function isStatistic(stat: string): boolean {
  return (BASIC_STATISTICS as readonly string[]).includes(stat) || PERCENTILE.test(stat);
}

/** Nearest-rank percentile of sorted values, as CloudWatch reports pNN on raw samples. */
function percentile(sorted: number[], p: number): number {
  if (p >= 100) return sorted[sorted.length - 1];
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The statistic of a period's samples; undefined when the period has none. */
export function statistic(stat: string, values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  switch (stat) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
  }
  const match = PERCENTILE.exec(stat);
  if (!match) throw new Error(`unknown statistic ${stat}`);
  return percentile(
    [...values].sort((a, b) => a - b),
    Number(match[1]),
  );
}
