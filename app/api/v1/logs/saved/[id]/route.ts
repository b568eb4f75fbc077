import { z } from 'zod';
import { clusterName } from '@/server/api/names';
import { deleteSavedQuery, saveQuery, savedQueryBody } from '@/server/api/logs-insights';
import { jsonRoute, parseInput, readJsonBody, searchParams } from '@/server/http';
import { BODY_LIMITS } from '@/server/request-body';

const definitionId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9-]+$/, 'a query definition id');

export const PUT = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/saved/[id]'>) => {
  const id = parseInput(definitionId, (await ctx.params).id, 'saved query id');
  return saveQuery(request, await readJsonBody(request, savedQueryBody, BODY_LIMITS.logQuery), id);
});

export const DELETE = jsonRoute(async (request, _reply, ctx: RouteContext<'/api/v1/logs/saved/[id]'>) => {
  const { cluster } = parseInput(z.object({ cluster: clusterName }), searchParams(request), 'query');
  return deleteSavedQuery(request, cluster, parseInput(definitionId, (await ctx.params).id, 'saved query id'));
});
