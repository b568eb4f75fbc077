import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { recent, startQuery, startQueryBody } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, readJsonBody, searchParams } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

export const POST = jsonRoute(async (request) => startQuery(request, await readJsonBody(request, startQueryBody, BODY_LIMITS.logQuery)));

export const GET = jsonRoute(async (request) => {
  const { cluster } = parseInput(z.object({ cluster: clusterName }), searchParams(request), 'query');
  return recent(request, cluster);
});
