'use client';
import { useQuery } from '@tanstack/react-query';
import type { TimeRange } from '@/lib/dashboards/model';
import { metricDataQuery, type MetricQuery } from './queries/metrics';

export function useMetricData(cluster: string, query: MetricQuery, range: TimeRange) {
  return useQuery(metricDataQuery(cluster, query, range));
}
