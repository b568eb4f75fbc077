import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { recent, startQuery, startQueryBody } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, readJsonBody, searchParams } from '@/server/http';

export const POST = jsonRoute(async (request) => startQuery(request, await readJsonBody(request, startQueryBody)));

export const GET = jsonRoute(async (request) => {
  const { cluster } = parseInput(z.object({ cluster: clusterName }), searchParams(request), 'query');
  return recent(request, cluster);
});
