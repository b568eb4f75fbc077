import { logGroupMetricFilters, logGroupQuery, metricFilterBody, metricFilterQuery, removeMetricFilter, savePutMetricFilter } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, readJsonBody, searchParams } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

export const GET = jsonRoute(async (request) => {
  const q = parseInput(logGroupQuery, searchParams(request), 'query');
  return logGroupMetricFilters(request, q.cluster, q.logGroupName);
});

export const PUT = jsonRoute(async (request) => savePutMetricFilter(request, await readJsonBody(request, metricFilterBody, BODY_LIMITS.logQuery)));

export const DELETE = jsonRoute(async (request) => removeMetricFilter(request, parseInput(metricFilterQuery, searchParams(request), 'query')));
