import 'server-only';
/** The metric data console API: input checked here, the work in server/metrics/data.ts. */
import { z } from 'zod';
import { clusterName } from '../api/names';
import { consoleErrors } from '../errors';
import { parseInput } from '../http';
import { widgetMetricData } from './data';
import type { MetricData } from '@/lib/metrics/types';
import { validPeriod, widgetMetrics, WidgetMetricsError } from '@/lib/metrics/widget-metrics';

/** CloudWatch keeps metrics for 455 days. */
const MAX_RANGE_SECONDS = 455 * 86400;

const metricDataQuery = z
  .object({
    /** The metric widget's `metrics` array, as in a CloudWatch dashboard body. */
    metrics: z.array(z.unknown()),
    stat: z.string().max(64).optional(),
    period: z.number().int().refine(validPeriod, 'a period is 1, 5, 10, 30 or a multiple of 60 seconds').optional(),
    region: z.string().max(64).optional(),
    /** Epoch seconds. */
    startTime: z.number().int().nonnegative(),
    endTime: z.number().int().nonnegative(),
  })
  .refine((q) => q.startTime < q.endTime, 'startTime must be before endTime')
  .refine((q) => q.endTime - q.startTime <= MAX_RANGE_SECONDS, 'a range is at most 455 days');

/** `GET /api/v1/metrics/data?cluster=…&query=<JSON>`. */
export async function metricData(request: Request, query: Record<string, string>): Promise<MetricData> {
  const cluster = parseInput(clusterName, query.cluster ?? '', 'cluster');
  let json: unknown;
  try {
    json = JSON.parse(query.query ?? '');
  } catch {
    throw consoleErrors.badRequest('invalid query: the query parameter is a JSON object');
  }
  const q = parseInput(metricDataQuery, json, 'query');
  let entries;
  try {
    entries = widgetMetrics(q.metrics, { stat: q.stat, period: q.period, region: q.region });
  } catch (err) {
    if (err instanceof WidgetMetricsError) throw consoleErrors.badRequest(`invalid query: ${err.message}`);
    throw err;
  }
  return widgetMetricData(request, cluster, entries, q.startTime * 1000, q.endTime * 1000);
}
