import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { saveQuery, savedQueries, savedQueryBody } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, readJsonBody, searchParams } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

export const GET = jsonRoute(async (request) => {
  const { cluster } = parseInput(z.object({ cluster: clusterName }), searchParams(request), 'query');
  return savedQueries(request, cluster);
});

export const POST = jsonRoute(async (request) => saveQuery(request, await readJsonBody(request, savedQueryBody, BODY_LIMITS.logQuery)));
