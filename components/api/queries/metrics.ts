import { queryOptions } from '@tanstack/react-query';
import type { TimeRange } from '@/lib/dashboards/model';
import type { MetricData } from '@/lib/metrics/types';
import { resolveRange } from '@/components/dashboards/time';
import { apiRequest } from '../client';
import { resourceKey } from '../keys';

/** A metric widget's query without its times: `metrics` as in a CloudWatch dashboard body, and the widget's defaults. */
export interface MetricQuery {
  metrics: unknown;
  stat?: unknown;
  period?: unknown;
  region?: unknown;
}

/** GetMetricData over `range`, resolved against the clock at each read so a relative range follows now. */
export function metricDataQuery(cluster: string, query: MetricQuery, range: TimeRange) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'metric-data', cluster, query, range }),
    queryFn: () => {
      const { start, end } = resolveRange(range, Date.now());
      const search = new URLSearchParams({ cluster, query: JSON.stringify({ ...query, startTime: start, endTime: end }) });
      return apiRequest<MetricData>(`/api/v1/metrics/data?${search}`);
    },
  });
}
